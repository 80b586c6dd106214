import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDatetime, parseDatetime } from './datetime.js';

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
