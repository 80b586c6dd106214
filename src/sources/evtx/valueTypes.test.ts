import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatArray, formatScalar, ValueType } from './valueTypes.js';
import { concat, dateToFiletime, utf16, values } from './testing/writer.js';

function scalar(type: number, bytes: Uint8Array): string {
  return formatScalar(bytes, new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), type, 0, bytes.length);
}

function array(type: number, bytes: Uint8Array): string[] {
  return formatArray(bytes, new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), type, 0, bytes.length);
}

function le(size: number, value: bigint): Uint8Array {
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  if (size === 4) view.setUint32(0, Number(value), true);
  else view.setBigUint64(0, value, true);
  return bytes;
}

test('scalar values render as Windows does', () => {
  assert.equal(scalar(ValueType.string, concat(utf16('cmd.exe'), new Uint8Array(2))), 'cmd.exe');
  assert.equal(scalar(ValueType.ansiString, Uint8Array.of(0x41, 0xe9, 0)), 'A\u00e9');
  assert.equal(scalar(ValueType.int8, Uint8Array.of(0xff)), '-1');
  assert.equal(scalar(ValueType.uint16, Uint8Array.of(0x10, 0x27)), '10000');
  assert.equal(scalar(ValueType.int32, Uint8Array.of(0xfe, 0xff, 0xff, 0xff)), '-2');
  assert.equal(scalar(ValueType.uint64, le(8, 18446744073709551615n)), '18446744073709551615');
  assert.equal(scalar(ValueType.int64, le(8, 18446744073709551615n)), '-1');
  assert.equal(scalar(ValueType.real64, le(8, 0x3ff8000000000000n)), '1.5');
  assert.equal(scalar(ValueType.bool, le(4, 1n)), 'true');
  assert.equal(scalar(ValueType.bool, le(4, 0n)), 'false');
  assert.equal(scalar(ValueType.bool, le(4, 0x10n)), 'true');
  assert.equal(scalar(ValueType.binary, Uint8Array.of(0xd9, 0x06, 0, 0)), 'D9060000');
  assert.equal(scalar(ValueType.guid, values.guid('{5770385F-C22A-43E0-BF4C-06F5698FFBD9}').bytes), '{5770385F-C22A-43E0-BF4C-06F5698FFBD9}');
  assert.equal(scalar(ValueType.sizeT, le(4, 0x1a2cn)), '0x1a2c');
  assert.equal(scalar(ValueType.sizeT, le(8, 0x7ff612340000n)), '0x7ff612340000');
  assert.equal(scalar(ValueType.hexInt32, le(4, 0x3e7n)), '0x3e7');
  assert.equal(scalar(ValueType.hexInt64, le(8, 0x8020000000000000n)), '0x8020000000000000');
  assert.equal(
    scalar(ValueType.filetime, le(8, dateToFiletime(new Date('2019-03-12T19:36:52.604Z')) + 1935n)),
    '2019-03-12T19:36:52.6041935Z',
  );
  const systemtime = new Uint8Array(16);
  const view = new DataView(systemtime.buffer);
  [2021, 6, 5, 11, 21, 8, 14, 92].forEach((value, i) => view.setUint16(i * 2, value, true));
  assert.equal(scalar(ValueType.systemtime, systemtime), '2021-06-11T21:08:14.092Z');
  assert.equal(scalar(ValueType.sid, values.sid('S-1-5-21-3623811015-3361044348-30300820-1013').bytes), 'S-1-5-21-3623811015-3361044348-30300820-1013');
});

test('array values split into elements', () => {
  assert.deepEqual(array(ValueType.string | 0x80, concat(utf16('a'), new Uint8Array(2), utf16('bc'), new Uint8Array(2))), ['a', 'bc']);
  assert.deepEqual(array(ValueType.ansiString | 0x80, Uint8Array.of(0x61, 0, 0x62, 0)), ['a', 'b']);
  assert.deepEqual(array(ValueType.uint16 | 0x80, Uint8Array.of(1, 0, 2, 0)), ['1', '2']);
  assert.deepEqual(array(ValueType.hexInt32 | 0x80, concat(le(4, 10n), le(4, 255n))), ['0xa', '0xff']);
  assert.deepEqual(
    array(ValueType.sid | 0x80, concat(values.sid('S-1-5-18').bytes, values.sid('S-1-5-32-544').bytes)),
    ['S-1-5-18', 'S-1-5-32-544'],
  );
});

test('truncated values raise format errors', () => {
  assert.throws(() => scalar(ValueType.uint64, Uint8Array.of(1, 2, 3)), /needs 8 bytes but has 3/);
  assert.throws(() => scalar(ValueType.sid, Uint8Array.of(1, 5, 0, 0, 0, 0, 0, 5, 1)), /declares 5 sub-authorities/);
  assert.throws(() => scalar(ValueType.sizeT, Uint8Array.of(1, 2)), /size_t value has 2 bytes/);
});
