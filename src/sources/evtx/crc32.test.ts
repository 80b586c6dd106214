import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crc32, crc32Table } from './crc32.js';

test('crc32 matches the RFC 1952 check value', () => {
  const text = new TextEncoder().encode('123456789');
  assert.equal(crc32(text, 0, text.length), 0xcbf43926);
  assert.equal(crc32Table(text, 0, text.length), 0xcbf43926);
});

test('crc32 chains ranges like the table version', () => {
  const bytes = Uint8Array.from({ length: 70000 }, (_, i) => (i * 31 + (i >> 7)) & 0xff);
  for (const [start, split, end] of [
    [0, 120, 128],
    [512, 512, 65536],
    [3, 40000, 69999],
    [10, 10, 10],
  ] as const) {
    const expected = crc32Table(bytes, split, end, crc32Table(bytes, start, split));
    assert.equal(crc32(bytes, split, end, crc32(bytes, start, split)), expected, `range ${start}-${split}-${end}`);
  }
});
