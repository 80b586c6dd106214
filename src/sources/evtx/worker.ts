/**
 * Worker thread entry: parses the chunks it is sent and posts back their flat events and issues.
 * Chunks are self-contained (their own string and template tables), so any worker can take any chunk.
 */
import { parentPort } from 'node:worker_threads';
import { parseChunkEvents, parseChunkRows } from './reader.js';

export interface ChunkRequest {
  id: number;
  index: number;
  fileOffset: number;
  bytes: Uint8Array;
  /** Set to normalise events to table rows in the worker; the file names the rows' origin. */
  rowsOf?: string;
}

parentPort?.on('message', (request: ChunkRequest) => {
  try {
    const result =
      request.rowsOf === undefined
        ? parseChunkEvents(request.bytes, request.index, request.fileOffset)
        : parseChunkRows(request.bytes, request.index, request.fileOffset, request.rowsOf);
    parentPort!.postMessage({ id: request.id, ...result });
  } catch (error) {
    parentPort!.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) });
  }
});
