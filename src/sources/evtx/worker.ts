/**
 * Worker thread entry: parses the block ranges the calling thread posts and posts back, per
 * block, its kind and for chunks the flat events (or table rows) and issues.
 */
import { parentPort } from 'node:worker_threads';
import { parseBlockRange, type BlockRangeRequest } from './blockRange.js';

parentPort?.on('message', (request: BlockRangeRequest) => {
  try {
    parentPort!.postMessage({ id: request.id, blocks: parseBlockRange(request) });
  } catch (error) {
    parentPort!.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) });
  }
});
