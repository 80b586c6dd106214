import { Cursor } from './cursor.js';
import { EvtxFormatError } from './errors.js';
import { decodeUtf16 } from './utf16.js';
import type { ChunkContext } from './chunkContext.js';
import { chunkHeaderSize } from './chunkHeader.js';

/**
 * A BinXml name (element, attribute, entity or PI target name), stored once per chunk and
 * referenced by chunk-relative offset:
 *   u32 offset of the next name in the same hash bucket,
 *   u16 hash, u16 character count, UTF-16LE characters, u16 NUL.
 * The 64 bucket heads sit in the chunk header at offset 128. Names are read on reference, not by
 * walking the buckets, because a damaged bucket chain must not hide names that records use.
 */
export const nameHeaderSize = 8;

/** Returns the name at chunk offset `offset`, reading it once per chunk. */
export function readName(chunk: ChunkContext, offset: number): string {
  const cached = chunk.names.get(offset);
  if (cached !== undefined) return cached;
  if (offset < chunkHeaderSize) {
    throw new EvtxFormatError(`name offset 0x${offset.toString(16)} points into the chunk header`);
  }
  const cursor = new Cursor(chunk.bytes, chunk.view, offset, chunk.bytes.length);
  cursor.skip(6, 'name header');
  const characters = cursor.u16('name length');
  cursor.need(characters * 2, 'name characters');
  const name = decodeUtf16(chunk.bytes, cursor.pos, cursor.pos + characters * 2);
  chunk.names.set(offset, name);
  return name;
}

/**
 * Reads the u32 name offset at the cursor and returns the name. When the offset points right
 * after itself the name is stored inline (first use in the chunk) and the cursor skips it.
 */
export function readNameReference(chunk: ChunkContext, cursor: Cursor): string {
  const offset = cursor.u32('name offset');
  const name = readName(chunk, offset);
  if (offset === cursor.pos) {
    const characters = chunk.view.getUint16(offset + 6, true);
    cursor.skip(nameHeaderSize + (characters + 1) * 2, 'inline name');
  }
  return name;
}
