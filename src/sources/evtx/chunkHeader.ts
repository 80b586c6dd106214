import { crc32 } from './crc32.js';

/** Every chunk is 64 KiB and self-contained: its string and template offsets are chunk-relative. */
export const chunkSize = 0x10000;
/** The chunk header, including the string and template offset tables, is 512 bytes. */
export const chunkHeaderSize = 512;
/** "ElfChnk\0". */
export const chunkSignature = [0x45, 0x6c, 0x66, 0x43, 0x68, 0x6e, 0x6b, 0x00];

/** The chunk header, fields in on-disk order (little-endian, offsets relative to the chunk). */
export interface ChunkHeader {
  /** offset 8, u64: first record number (position in the log). */
  firstRecordNumber: number;
  /** offset 16, u64: last record number. */
  lastRecordNumber: number;
  /** offset 24, u64: first EventRecordID. */
  firstRecordId: number;
  /** offset 32, u64: last EventRecordID. */
  lastRecordId: number;
  /** offset 40, u32: 128. */
  headerSize: number;
  /** offset 44, u32: where the last record starts. */
  lastRecordOffset: number;
  /** offset 48, u32: end of the record data; archived logs sometimes set it to the chunk end. */
  freeSpaceOffset: number;
  /** offset 52, u32: CRC-32 of the record data, bytes 512 to freeSpaceOffset. */
  recordsChecksum: number;
  /** offset 120, u32: flags, meaning not documented. */
  flags: number;
  /** offset 124, u32: CRC-32 of bytes 0-119 and 128-511. */
  headerChecksum: number;
  /** offset 128: 64 u32 offsets of common strings (hash buckets of the string table). */
  /** offset 384: 32 u32 offsets of template definitions (hash buckets of the template table). */
}

/** Tells whether the 8 bytes at `offset` are the chunk signature. */
export function hasChunkSignature(bytes: Uint8Array, offset: number): boolean {
  if (offset + 8 > bytes.length) return false;
  for (let i = 0; i < 8; i++) if (bytes[offset + i] !== chunkSignature[i]) return false;
  return true;
}

/** Reads the header of the chunk that `bytes` holds (64 KiB, already checked for its signature). */
export function parseChunkHeader(bytes: Uint8Array): ChunkHeader {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u64 = (offset: number) => view.getUint32(offset, true) + view.getUint32(offset + 4, true) * 2 ** 32;
  return {
    firstRecordNumber: u64(8),
    lastRecordNumber: u64(16),
    firstRecordId: u64(24),
    lastRecordId: u64(32),
    headerSize: view.getUint32(40, true),
    lastRecordOffset: view.getUint32(44, true),
    freeSpaceOffset: view.getUint32(48, true),
    recordsChecksum: view.getUint32(52, true),
    flags: view.getUint32(120, true),
    headerChecksum: view.getUint32(124, true),
  };
}

/** Computes the chunk header CRC-32 (bytes 0-119 then 128-511). */
export function computeChunkHeaderChecksum(bytes: Uint8Array): number {
  return crc32(bytes, 128, chunkHeaderSize, crc32(bytes, 0, 120));
}
