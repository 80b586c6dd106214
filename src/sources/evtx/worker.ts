/**
 * Worker thread entry: reads a range of 64 KiB blocks of an EVTX file itself, parses the chunks
 * among them and posts back, per block, its kind and for chunks the flat events (or table rows)
 * and issues. Chunks are self-contained (their own string and template tables), so any worker
 * can take any range; the calling thread puts the replies back in file order.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { chunkSize } from './chunkHeader.js';
import { fileHeaderSize } from './fileHeader.js';
import { classifyBlock, isZero, paddedTruncatedChunk } from './fileChunks.js';
import { parseChunkEvents, parseChunkRows } from './reader.js';

export interface BlockRangeRequest {
  id: number;
  path: string;
  /** Index of the first 64 KiB block after the file header. */
  firstBlock: number;
  blockCount: number;
  /** Set to normalise events to table rows in the worker; the file names the rows' origin. */
  rowsOf?: string;
}

/** One block of a range, in file order; the range ends early at the end of the file. */
export type BlockResult =
  | { kind: 'chunk'; result: unknown }
  | { kind: 'truncatedChunk'; available: number; result: unknown }
  | { kind: 'zero' | 'foreign' }
  | { kind: 'truncated'; available: number; zero: boolean };

/** Reused for every range, so a worker allocates no read buffers after its first request. */
let buffer = new Uint8Array(0);

function readRange(request: BlockRangeRequest): BlockResult[] {
  const length = request.blockCount * chunkSize;
  if (buffer.length < length) buffer = new Uint8Array(length);
  const fd = openSync(request.path, 'r');
  let bytesRead = 0;
  try {
    const position = fileHeaderSize + request.firstBlock * chunkSize;
    while (bytesRead < length) {
      const read = readSync(fd, buffer, bytesRead, length - bytesRead, position + bytesRead);
      if (read === 0) break;
      bytesRead += read;
    }
  } finally {
    closeSync(fd);
  }

  const parse = (bytes: Uint8Array, index: number) => {
    const fileOffset = fileHeaderSize + index * chunkSize;
    return request.rowsOf === undefined
      ? parseChunkEvents(bytes, index, fileOffset)
      : parseChunkRows(bytes, index, fileOffset, request.rowsOf);
  };
  const blocks: BlockResult[] = [];
  for (let start = 0, index = request.firstBlock; start < bytesRead; start += chunkSize, index++) {
    const available = Math.min(chunkSize, bytesRead - start);
    const bytes = buffer.subarray(start, start + available);
    if (available < chunkSize) {
      const padded = paddedTruncatedChunk(bytes);
      if (padded !== undefined) blocks.push({ kind: 'truncatedChunk', available, result: parse(padded, index) });
      else blocks.push({ kind: 'truncated', available, zero: isZero(bytes, available) });
      break;
    }
    const kind = classifyBlock(bytes);
    if (kind === 'chunk') blocks.push({ kind, result: parse(bytes, index) });
    else blocks.push({ kind });
  }
  return blocks;
}

parentPort?.on('message', (request: BlockRangeRequest) => {
  try {
    parentPort!.postMessage({ id: request.id, blocks: readRange(request) });
  } catch (error) {
    parentPort!.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) });
  }
});
