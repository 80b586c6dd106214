import { crc32 } from './crc32.js';
import { EvtxFormatError } from './errors.js';

/** "ElfFile\0", the first 8 bytes of every EVTX file. */
export const fileSignature = [0x45, 0x6c, 0x66, 0x46, 0x69, 0x6c, 0x65, 0x00];
/** The file header occupies the first 4096 bytes; chunks start right after it. */
export const fileHeaderSize = 4096;
export const fileFlagDirty = 0x0001;
export const fileFlagFull = 0x0002;

/** The EVTX file header, fields in on-disk order (little-endian). */
export interface FileHeader {
  /** offset 8, u64: number of the first chunk (oldest records). */
  firstChunkNumber: number;
  /** offset 16, u64: number of the last chunk in use. */
  lastChunkNumber: number;
  /** offset 24, u64: identifier the next written record will get. */
  nextRecordId: number;
  /** offset 32, u32: 128. */
  headerSize: number;
  /** offset 36, u16: 1 or 2 (3.1 since Vista, 3.2 since Windows 10 2004). */
  minorVersion: number;
  /** offset 38, u16: 3. */
  majorVersion: number;
  /** offset 40, u16: 4096, where the first chunk starts. */
  headerBlockSize: number;
  /** offset 42, u16: chunks the writer accounted for; stale when the log was not closed cleanly. */
  chunkCount: number;
  /** offset 120, u32: 0x1 dirty, 0x2 full. */
  flags: number;
  /** offset 124, u32: CRC-32 of bytes 0-119. */
  checksum: number;
  /** CRC-32 computed over bytes 0-119 of this file. */
  computedChecksum: number;
}

/** Tells whether `head` starts with the EVTX file signature "ElfFile\0". */
export function isEvtx(head: Uint8Array): boolean {
  if (head.length < fileSignature.length) return false;
  for (let i = 0; i < fileSignature.length; i++) if (head[i] !== fileSignature[i]) return false;
  return true;
}

/** Reads the file header from the first 4096 bytes; throws EvtxFormatError when the signature is wrong. */
export function parseFileHeader(bytes: Uint8Array): FileHeader {
  if (!isEvtx(bytes)) throw new EvtxFormatError('file signature is not "ElfFile" (not an EVTX file)');
  if (bytes.length < 128) throw new EvtxFormatError(`file header needs 128 bytes, the file has ${bytes.length}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u64 = (offset: number) => view.getUint32(offset, true) + view.getUint32(offset + 4, true) * 2 ** 32;
  return {
    firstChunkNumber: u64(8),
    lastChunkNumber: u64(16),
    nextRecordId: u64(24),
    headerSize: view.getUint32(32, true),
    minorVersion: view.getUint16(36, true),
    majorVersion: view.getUint16(38, true),
    headerBlockSize: view.getUint16(40, true),
    chunkCount: view.getUint16(42, true),
    flags: view.getUint32(120, true),
    checksum: view.getUint32(124, true),
    computedChecksum: crc32(bytes, 0, 120),
  };
}
