/**
 * Worker thread entry: parses the chunks it is sent and posts back their flat events (or table
 * rows) and issues, one reply per request. Chunks are self-contained (their own string and
 * template tables), so any worker can take any chunk.
 */
import { parentPort } from 'node:worker_threads';
import { parseChunkEvents, parseChunkRows } from './reader.js';

export interface ChunkRequest {
  id: number;
  /** Consecutive chunks of the file; results come back in the same order. */
  chunks: Array<{ index: number; fileOffset: number; bytes: Uint8Array }>;
  /** Set to normalise events to table rows in the worker; the file names the rows' origin. */
  rowsOf?: string;
}

parentPort?.on('message', (request: ChunkRequest) => {
  try {
    const results = request.chunks.map((chunk) =>
      request.rowsOf === undefined
        ? parseChunkEvents(chunk.bytes, chunk.index, chunk.fileOffset)
        : parseChunkRows(chunk.bytes, chunk.index, chunk.fileOffset, request.rowsOf),
    );
    parentPort!.postMessage({ id: request.id, results });
  } catch (error) {
    parentPort!.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) });
  }
});
