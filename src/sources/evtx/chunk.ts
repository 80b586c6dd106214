import { createChunkContext, type ChunkContext } from './chunkContext.js';
import { chunkHeaderSize, chunkSize, computeChunkHeaderChecksum, parseChunkHeader } from './chunkHeader.js';
import { Cursor } from './cursor.js';
import { crc32 } from './crc32.js';
import { EvtxFormatError } from './errors.js';
import { formatFiletime } from './filetime.js';
import { parseStream } from './binxml.js';
import { materialize } from './materialize.js';
import { readRecordHeader, recordHeaderSize, recordSignature, type RecordHeader } from './record.js';
import type { XmlContent } from './xmlTree.js';

/** One event record with its event rendered to plain XML content. */
export interface EvtxRecord {
  recordId: number;
  /** When the record was written, from the record header (ISO 8601 UTC, 100 ns precision). */
  written: string;
  chunkIndex: number;
  /** File offset of the record. */
  fileOffset: number;
  /** The event: normally one `Event` element. */
  content: XmlContent[];
}

/** Something a chunk read lost (`skip`) or only noticed (`warn`), with where it happened. */
export interface ChunkIssue {
  kind: 'skip' | 'warn';
  at: string;
  reason: string;
}

export interface ChunkResult<T = EvtxRecord> {
  records: T[];
  issues: ChunkIssue[];
}

/**
 * Reads the event of one record whose header has been checked. Throws EvtxFormatError or
 * RangeError when the event does not parse, which skips the record.
 */
export type RecordBodyReader<T> = (chunk: ChunkContext, header: RecordHeader) => T;

function location(chunkIndex: number, fileOffset: number): string {
  return `chunk ${chunkIndex}, record at offset 0x${fileOffset.toString(16)}`;
}

/**
 * Reads every record of one 64 KiB chunk whose signature has been checked. Records are taken
 * back to back from offset 512; the header's free space offset and record numbers are only
 * hints, because damaged and live-copied logs get them wrong. A record that does not fit is
 * skipped with its reason and the walk resynchronises on the next valid record signature.
 * Checksum mismatches are reported as warnings and do not stop the read.
 */
export function parseChunk(bytes: Uint8Array, chunkIndex: number, chunkFileOffset: number): ChunkResult {
  return walkChunk(bytes, chunkIndex, chunkFileOffset, (chunk, header) => materializeRecord(chunk, header, chunkIndex, chunkFileOffset));
}

/**
 * Walks the records of one chunk as parseChunk does, with the same damage handling, and reads
 * each record's event with `readBody`.
 */
export function walkChunk<T>(
  bytes: Uint8Array,
  chunkIndex: number,
  chunkFileOffset: number,
  readBody: RecordBodyReader<T>,
): ChunkResult<T> {
  if (bytes.length !== chunkSize) throw new EvtxFormatError(`chunk ${chunkIndex} is ${bytes.length} bytes, not ${chunkSize}`);
  const chunk = createChunkContext(bytes);
  const header = parseChunkHeader(bytes);
  const issues: ChunkIssue[] = [];
  const records: T[] = [];
  const chunkAt = `chunk ${chunkIndex} at offset 0x${chunkFileOffset.toString(16)}`;

  const headerChecksum = computeChunkHeaderChecksum(bytes);
  if (headerChecksum !== header.headerChecksum) {
    issues.push({
      kind: 'warn',
      at: chunkAt,
      reason: `chunk header CRC32 0x${header.headerChecksum.toString(16)} does not match computed 0x${headerChecksum.toString(16)}`,
    });
  }
  const freeSpace = header.freeSpaceOffset;
  const freeSpaceSane = freeSpace >= chunkHeaderSize && freeSpace <= chunkSize;
  if (freeSpaceSane) {
    const recordsChecksum = crc32(bytes, chunkHeaderSize, freeSpace);
    if (recordsChecksum !== header.recordsChecksum) {
      issues.push({
        kind: 'warn',
        at: chunkAt,
        reason: `event records CRC32 0x${header.recordsChecksum.toString(16)} does not match computed 0x${recordsChecksum.toString(16)}`,
      });
    }
  } else {
    issues.push({ kind: 'warn', at: chunkAt, reason: `free space offset 0x${freeSpace.toString(16)} is outside the chunk` });
  }

  // Records end at the free space offset. Past it lie stale records of an earlier use of the
  // chunk, whose templates may be overwritten; they are read only while they continue the record
  // id sequence, which is what a header left stale by a live copy looks like.
  const limit = freeSpaceSane ? freeSpace : chunkSize;
  let offset = chunkHeaderSize;
  let lastRecordId = -1;
  while (offset + recordHeaderSize <= chunkSize) {
    const headerOrReason = readRecordHeader(chunk.view, offset, chunkSize);
    if (offset >= limit) {
      if (typeof headerOrReason === 'string' || headerOrReason.recordId !== lastRecordId + 1) break;
    }
    if (typeof headerOrReason === 'string') {
      if (isZeroFrom(bytes, offset, limit)) break;
      issues.push({ kind: 'skip', at: location(chunkIndex, chunkFileOffset + offset), reason: headerOrReason });
      const next = findNextRecord(chunk, offset + 4, limit);
      if (next < 0) break;
      offset = next;
      continue;
    }
    const record = readRecord(chunk, headerOrReason, chunkIndex, chunkFileOffset, issues, readBody);
    if (record !== null && headerOrReason.sizeCopyDiffers) {
      issues.push({
        kind: 'warn',
        at: location(chunkIndex, chunkFileOffset + offset),
        reason: `record ${headerOrReason.recordId}: size copy at the record end differs from the size ${headerOrReason.size}; the event parsed and was kept`,
      });
    }
    if (record !== null) records.push(record);
    if (record === null && headerOrReason.sizeCopyDiffers) {
      // Size and copy disagree and the event did not parse: the size is not to be trusted.
      const next = findNextRecord(chunk, offset + 4, limit);
      if (next < 0) break;
      offset = next;
      continue;
    }
    lastRecordId = headerOrReason.recordId;
    offset += headerOrReason.size;
  }

  const declared = header.lastRecordNumber - header.firstRecordNumber + 1;
  if (declared > 0 && declared < chunkSize && records.length < declared) {
    issues.push({
      kind: 'warn',
      at: chunkAt,
      reason: `chunk header declares ${declared} records, ${records.length} were read`,
    });
  }
  return { records, issues };
}

/** Parses a record's BinXml and applies its substitutions; throws when it contains no event. */
export function materializeRecordContent(chunk: ChunkContext, header: RecordHeader): XmlContent[] {
  const start = header.offset + recordHeaderSize;
  const end = header.offset + header.size - 4;
  const nodes = parseStream(chunk, new Cursor(chunk.bytes, chunk.view, start, end), 0);
  const content = materialize(chunk, nodes, null, 0);
  if (content.length === 0) throw new EvtxFormatError('record contains no event');
  return content;
}

function materializeRecord(chunk: ChunkContext, header: RecordHeader, chunkIndex: number, chunkFileOffset: number): EvtxRecord {
  return {
    recordId: header.recordId,
    written: formatFiletime(header.writtenLow, header.writtenHigh),
    chunkIndex,
    fileOffset: chunkFileOffset + header.offset,
    content: materializeRecordContent(chunk, header),
  };
}

function readRecord<T>(
  chunk: ChunkContext,
  header: RecordHeader,
  chunkIndex: number,
  chunkFileOffset: number,
  issues: ChunkIssue[],
  readBody: RecordBodyReader<T>,
): T | null {
  try {
    return readBody(chunk, header);
  } catch (error) {
    if (!(error instanceof EvtxFormatError || error instanceof RangeError)) throw error;
    issues.push({
      kind: 'skip',
      at: location(chunkIndex, chunkFileOffset + header.offset),
      reason: `record ${header.recordId}: ${error.message}`,
    });
    return null;
  }
}

function isZeroFrom(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (bytes[i] !== 0) return false;
  return true;
}

/** Finds the next offset before `limit` where a record starts whose size and size copy agree, or returns -1. */
function findNextRecord(chunk: ChunkContext, from: number, limit: number): number {
  for (let offset = from; offset + recordHeaderSize <= limit; offset++) {
    if (chunk.bytes[offset] !== 0x2a || chunk.view.getUint32(offset, true) !== recordSignature) continue;
    const header = readRecordHeader(chunk.view, offset, chunkSize);
    if (typeof header !== 'string' && !header.sizeCopyDiffers) return offset;
  }
  return -1;
}
