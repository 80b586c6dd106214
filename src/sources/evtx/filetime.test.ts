import { test } from 'node:test';
import assert from 'node:assert/strict';
import { filetimeToUnixMs, formatFiletime } from './filetime.js';
import { parseDatetime } from '../../schema/normalize/datetime.js';

test('FILETIME converts as its rendered text parses', () => {
  // A fixed linear congruential sequence covers 1601 to 2200 without a random seed.
  let state = 12345;
  const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31);
  for (let i = 0; i < 2000; i++) {
    const high = 0x01000000 + (next() % 0x02000000);
    const low = next() * 2 + (next() % 2);
    const text = formatFiletime(low, high);
    assert.equal(filetimeToUnixMs(low, high), parseDatetime(text), text);
  }
});

test('FILETIME keeps time below a millisecond', () => {
  // 2019-03-12T19:36:52.6041935Z is 131968930126041935 ticks since 1601.
  const ticks = 131968930126041935n;
  const ms = filetimeToUnixMs(Number(ticks & 0xffffffffn), Number(ticks >> 32n));
  assert.equal(formatFiletime(Number(ticks & 0xffffffffn), Number(ticks >> 32n)), '2019-03-12T19:36:52.6041935Z');
  assert.equal(Math.floor(ms), Date.UTC(2019, 2, 12, 19, 36, 52, 604));
  // A double near 1.5e12 ms resolves about 0.24 µs, so the 100 ns digit is approximate.
  assert.ok(Math.abs(ms - Math.floor(ms) - 0.1935) < 2.5e-4, String(ms));
});
