import { closeSync, openSync, readSync } from 'node:fs';
import { chunkSize, hasChunkSignature } from './chunkHeader.js';
import { fileHeaderSize } from './fileHeader.js';
import { classifyBlock, isZero, paddedTruncatedChunk } from './fileChunks.js';
import { parseChunkEvents, parseChunkRows, renderChunk, type RecordFormat } from './reader.js';
import { rowFilter, type RowFilterSpec } from '../../kql/rowFilter.js';

/** A range of 64 KiB blocks of one file, and what to make of its chunks. */
export interface BlockRangeRequest {
  id: number;
  path: string;
  /** Index of the first 64 KiB block after the file header. */
  firstBlock: number;
  blockCount: number;
  /** Set to normalise events to table rows; the file names the rows' origin. */
  rowsOf?: string;
  /** With rowsOf: the tables whose rows are built (all when absent). */
  tables?: string[];
  /** With rowsOf: drops the rows no query could use, so that they do not cross threads. */
  filter?: RowFilterSpec;
  /** Set to render records as text instead (rowsOf is then ignored). */
  render?: RecordFormat;
}

/** One block of a range, in file order; the range ends early at the end of the file. */
export type BlockResult =
  | { kind: 'chunk'; result: unknown }
  | { kind: 'truncatedChunk'; available: number; result: unknown }
  | { kind: 'zero' | 'foreign' }
  | { kind: 'truncated'; available: number; zero: boolean; signature: boolean };

/** Reused for every range a thread reads, so it allocates no read buffers after its first. */
let buffer = new Uint8Array(0);

/** Reads `length` bytes at `position` into the shared buffer; fewer at the end of the file. */
function readBytes(path: string, position: number, length: number): number {
  if (buffer.length < length) buffer = new Uint8Array(length);
  const fd = openSync(path, 'r');
  let bytesRead = 0;
  try {
    while (bytesRead < length) {
      const read = readSync(fd, buffer, bytesRead, length - bytesRead, position + bytesRead);
      if (read === 0) break;
      bytesRead += read;
    }
  } finally {
    closeSync(fd);
  }
  return bytesRead;
}

/**
 * Reads a range of blocks synchronously and parses the chunks among them, for a worker or for
 * the calling thread while it waits on workers. Chunks are self-contained (their own string and
 * template tables), so any thread can take any range. The results give each block's kind, and
 * the caller puts the ranges back in file order.
 */
export function parseBlockRange(request: BlockRangeRequest): BlockResult[] {
  const bytesRead = readBytes(request.path, fileHeaderSize + request.firstBlock * chunkSize, request.blockCount * chunkSize);
  const tables = request.tables === undefined ? undefined : new Set(request.tables);
  const keep = request.filter === undefined ? undefined : rowFilter(request.filter);
  const parse = (bytes: Uint8Array, index: number) => {
    const fileOffset = fileHeaderSize + index * chunkSize;
    if (request.render !== undefined) return renderChunk(bytes, index, fileOffset, request.render);
    return request.rowsOf === undefined
      ? parseChunkEvents(bytes, index, fileOffset)
      : parseChunkRows(bytes, index, fileOffset, request.rowsOf, tables, keep);
  };
  const blocks: BlockResult[] = [];
  for (let start = 0, index = request.firstBlock; start < bytesRead; start += chunkSize, index++) {
    const available = Math.min(chunkSize, bytesRead - start);
    const bytes = buffer.subarray(start, start + available);
    if (available < chunkSize) {
      const padded = paddedTruncatedChunk(bytes);
      if (padded !== undefined) blocks.push({ kind: 'truncatedChunk', available, result: parse(padded, index) });
      else blocks.push({ kind: 'truncated', available, zero: isZero(bytes, available), signature: hasChunkSignature(bytes, 0) });
      break;
    }
    const kind = classifyBlock(bytes);
    if (kind === 'chunk') blocks.push({ kind, result: parse(bytes, index) });
    else blocks.push({ kind });
  }
  return blocks;
}
