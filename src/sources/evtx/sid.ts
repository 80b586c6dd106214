import { EvtxFormatError } from './errors.js';

/**
 * NT security identifier: u8 revision, u8 sub-authority count, 6-byte identifier authority
 * (big-endian), then count u32 sub-authorities (little-endian). Returns the "S-1-5-..." form
 * and the number of bytes the SID occupies.
 */
export function readSid(bytes: Uint8Array, view: DataView, offset: number, end: number): { text: string; size: number } {
  if (offset + 8 > end) throw new EvtxFormatError(`SID at 0x${offset.toString(16)} is shorter than 8 bytes`);
  const revision = bytes[offset]!;
  const count = bytes[offset + 1]!;
  const size = 8 + count * 4;
  if (offset + size > end) {
    throw new EvtxFormatError(`SID at 0x${offset.toString(16)} declares ${count} sub-authorities, more than its value holds`);
  }
  let authority = 0;
  for (let i = 2; i < 8; i++) authority = authority * 256 + bytes[offset + i]!;
  let text = `S-${revision}-${authority}`;
  for (let i = 0; i < count; i++) text += '-' + view.getUint32(offset + 8 + i * 4, true);
  return { text, size };
}
