/**
 * Worker thread entry: parses the chunks it is sent and posts back their flat events and issues.
 * Chunks are self-contained (their own string and template tables), so any worker can take any chunk.
 */
import { parentPort } from 'node:worker_threads';
import { parseChunkEvents } from './reader.js';

export interface ChunkRequest {
  id: number;
  index: number;
  fileOffset: number;
  bytes: Uint8Array;
}

parentPort?.on('message', (request: ChunkRequest) => {
  try {
    const result = parseChunkEvents(request.bytes, request.index, request.fileOffset);
    parentPort!.postMessage({ id: request.id, ...result });
  } catch (error) {
    parentPort!.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) });
  }
});
