import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDatetime, parseDatetime, tryParseDatetime } from './datetime.js';

test('datetime parses KQL forms as UTC', () => {
  assert.equal(parseDatetime('2026-11-30'), Date.UTC(2026, 10, 30));
  assert.equal(parseDatetime('2026-11-30 10:05'), Date.UTC(2026, 10, 30, 10, 5));
  assert.equal(parseDatetime('2026-11-30T10:05:06Z'), Date.UTC(2026, 10, 30, 10, 5, 6));
  assert.equal(parseDatetime('2026-11-30T12:05:06+02:00'), Date.UTC(2026, 10, 30, 10, 5, 6));
  assert.equal(parseDatetime('not a date'), null);
});

test('datetime keeps microseconds', () => {
  const value = parseDatetime('2023-10-26T13:27:12.853123Z')!;
  assert.equal(formatDatetime(value), '2023-10-26T13:27:12.8531230Z');
  // Seven digits round to the microsecond (see formatDatetime).
  assert.equal(formatDatetime(parseDatetime('2023-10-26T13:27:12.8531235Z')!).slice(0, 26), '2023-10-26T13:27:12.853124');
  assert.equal(formatDatetime(parseDatetime('2023-10-26T13:27:12.9999996Z')!), '2023-10-26T13:27:13.0000000Z');
});

test('datetime reads every documented form', () => {
  const cases: Array<[string, number]> = [
    ['2014-05-25T08:20:03.123456Z', Date.UTC(2014, 4, 25, 8, 20, 3, 123) + 0.456],
    ['2014-05-25T08:20:03.123456', Date.UTC(2014, 4, 25, 8, 20, 3, 123) + 0.456],
    ['2014-05-25T08:20', Date.UTC(2014, 4, 25, 8, 20)],
    ['2014-11-08 15:55:55.123456Z', Date.UTC(2014, 10, 8, 15, 55, 55, 123) + 0.456],
    ['2014-11-08 15:55:55', Date.UTC(2014, 10, 8, 15, 55, 55)],
    ['2014-11-08 15:55', Date.UTC(2014, 10, 8, 15, 55)],
    ['2014-11-08', Date.UTC(2014, 10, 8)],
    ['Sat, 8 Nov 14 15:05:02 GMT', Date.UTC(2014, 10, 8, 15, 5, 2)],
    ['Sat, 8 Nov 14 15:05', Date.UTC(2014, 10, 8, 15, 5)],
    ['8 Nov 14 15:05 GMT', Date.UTC(2014, 10, 8, 15, 5)],
    ['Sun, 30 Nov 2026 10:00:00 GMT', Date.UTC(2026, 10, 30, 10)],
    ['Saturday, 08-Nov-14 15:05:02 GMT', Date.UTC(2014, 10, 8, 15, 5, 2)],
    ['08-Nov-14 15:05', Date.UTC(2014, 10, 8, 15, 5)],
    ['2014-11-8 15:05:25', Date.UTC(2014, 10, 8, 15, 5, 25)],
    ['2014-11-8T15:05 GMT', Date.UTC(2014, 10, 8, 15, 5)],
    ['  2026-11-30T10:00:00Z  ', Date.UTC(2026, 10, 30, 10)],
  ];
  for (const [text, expected] of cases) assert.equal(parseDatetime(text), expected, text);
});

test('datetime applies zone offsets', () => {
  assert.equal(parseDatetime('2026-11-30T10:00:00+05:30'), Date.UTC(2026, 10, 30, 4, 30));
  assert.equal(parseDatetime('2026-11-30T10:00:00+0530'), Date.UTC(2026, 10, 30, 4, 30));
  assert.equal(parseDatetime('2026-11-30T10:00:00-09:30'), Date.UTC(2026, 10, 30, 19, 30));
  assert.equal(parseDatetime('2026-11-30T10:00:00-00:00'), Date.UTC(2026, 10, 30, 10));
  assert.equal(parseDatetime('2026-11-30 10:00 +14:00'), Date.UTC(2026, 10, 29, 20));
  assert.equal(parseDatetime('Sun, 30 Nov 2026 10:00:00 EST'), Date.UTC(2026, 10, 30, 15));
  // An offset may carry a time into another day, month or year.
  assert.equal(parseDatetime('2026-12-31T23:30:00-01:00'), Date.UTC(2027, 0, 1, 0, 30));
  assert.equal(parseDatetime('2026-11-30T10:00:00+15:00'), null);
  assert.equal(parseDatetime('2026-11-30T10:00:00+05:60'), null);
  assert.equal(parseDatetime('2026-11-30T10:00:00 XYZ'), null);
});

test('datetime checks leap years', () => {
  assert.equal(parseDatetime('2024-02-29'), Date.UTC(2024, 1, 29));
  assert.equal(parseDatetime('2024-02-29T23:59:59Z'), Date.UTC(2024, 1, 29, 23, 59, 59));
  assert.equal(parseDatetime('2000-02-29'), Date.UTC(2000, 1, 29));
  assert.equal(parseDatetime('2026-02-29'), null);
  assert.equal(parseDatetime('2100-02-29'), null);
  assert.equal(parseDatetime('1900-02-29'), null);
  assert.equal(parseDatetime('2024-02-30'), null);
});

test('datetime rejects dates that do not exist', () => {
  const invalid = [
    '2026-13-45', '2026-13-01', '2026-00-10', '2026-01-00', '2026-01-32', '2026-04-31', '2026-06-31',
    '2026-09-31', '2026-11-31', '2026-02-30', '0000-01-01', '2026-11-30T25:00:00Z', '2026-11-30T10:60:00Z',
    '2026-11-30T10:00:61Z', '31 Feb 26 10:00', 'Sat, 8 Foo 14 15:05', 'Someday, 8 Nov 14 15:05',
  ];
  for (const text of invalid) assert.equal(parseDatetime(text), null, text);
});

test('datetime rejects 24:00 and leap seconds', () => {
  assert.equal(parseDatetime('2026-11-30T24:00:00Z'), null);
  assert.equal(parseDatetime('2026-11-30 24:00'), null);
  assert.equal(parseDatetime('2016-12-31T23:59:60Z'), null);
  assert.equal(parseDatetime('2016-12-31T23:59:59.9999999Z'), Date.UTC(2016, 11, 31, 23, 59, 59) + 999.9999);
});

test('datetime rejects forms Kusto does not document', () => {
  // Date.parse accepts each of these, some in the machine's local time zone.
  const invalid = ['foo 1', '12', '2026', 'Nov 30, 2026 10:00 GMT', '2026/11/30', '11/30/2026', '2026-11-30T10', '2026-11-30T10:00:00.Z', ''];
  for (const text of invalid) assert.equal(parseDatetime(text), null, JSON.stringify(text));
});

test('datetime keeps years below 100', () => {
  assert.equal(formatDatetime(parseDatetime('0001-01-01')!), '0001-01-01T00:00:00.0000000Z');
  assert.equal(formatDatetime(parseDatetime('0050-06-15T12:00:00Z')!), '0050-06-15T12:00:00.0000000Z');
  assert.equal(formatDatetime(parseDatetime('9999-12-31T23:59:59Z')!), '9999-12-31T23:59:59.0000000Z');
  assert.equal(parseDatetime('0001-01-01T00:30:00+01:00'), null);
  assert.equal(parseDatetime('9999-12-31T23:30:00-01:00'), null);
});

test('datetime two-digit years', () => {
  assert.equal(parseDatetime('1 Jan 49 00:00'), Date.UTC(2049, 0, 1));
  assert.equal(parseDatetime('1 Jan 50 00:00'), Date.UTC(1950, 0, 1));
});

test('datetime reason names the field', () => {
  const reasonOf = (text: string) => {
    const result = tryParseDatetime(text);
    assert.equal(result.ok, false, text);
    return result.ok ? '' : result.reason;
  };
  assert.equal(reasonOf('2026-13-45'), 'month 13 is out of range (1 to 12)');
  assert.equal(reasonOf('2026-02-29'), 'day 29 is out of range for February 2026 (1 to 28)');
  assert.equal(reasonOf('2026-11-30T25:00:00Z'), 'hour 25 is out of range (00 to 23)');
  assert.equal(reasonOf('2026-11-30T10:75'), 'minute 75 is out of range (00 to 59)');
  assert.equal(reasonOf('2016-12-31T23:59:60Z'), 'second 60 is out of range (00 to 59)');
  assert.match(reasonOf('yesterday'), /not in a datetime form/);
  assert.deepEqual(tryParseDatetime('2024-02-29'), { ok: true, value: Date.UTC(2024, 1, 29) });
});
