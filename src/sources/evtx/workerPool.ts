import { Worker } from 'node:worker_threads';
import type { WindowsEvent } from '../windowsEvent.js';
import type { ChunkIssue } from './chunk.js';
import type { ChunkBlock } from './fileChunks.js';
import type { ChunkRequest } from './worker.js';

interface ChunkReply {
  id: number;
  error?: string;
}

export interface ParsedChunk {
  events: WindowsEvent[];
  issues: ChunkIssue[];
}

/**
 * Parses chunks on worker threads and yields the results in input order. At most
 * `2 × workers` chunks are in flight, so memory stays bounded whatever the file size.
 */
export async function* parseChunksInWorkers<Result = ParsedChunk>(
  blocks: AsyncIterable<ChunkBlock>,
  workerCount: number,
  rowsOf?: string,
): AsyncGenerator<Result> {
  const workers = Array.from({ length: workerCount }, () => new Worker(new URL('./worker.js', import.meta.url)));
  const pending = new Map<number, { resolve: (reply: ChunkReply) => void }>();
  for (const worker of workers) {
    worker.on('message', (reply: ChunkReply) => {
      const waiter = pending.get(reply.id);
      pending.delete(reply.id);
      waiter?.resolve(reply);
    });
    worker.on('error', (error) => {
      for (const waiter of pending.values()) waiter.resolve({ id: -1, error: error.message });
      pending.clear();
    });
  }
  const maxInFlight = workerCount * 2;
  const queue: Promise<ChunkReply>[] = [];
  let nextId = 0;
  const submit = (block: ChunkBlock) => {
    const id = nextId++;
    const request: ChunkRequest = { id, index: block.index, fileOffset: block.fileOffset, bytes: block.bytes, rowsOf };
    queue.push(new Promise<ChunkReply>((resolve) => pending.set(id, { resolve })));
    workers[id % workerCount]!.postMessage(request, [block.bytes.buffer as ArrayBuffer]);
  };
  const take = async (): Promise<Result> => {
    const { id: _id, error, ...result } = await queue.shift()!;
    if (error !== undefined) throw new Error(`EVTX worker failed: ${error}`);
    return result as Result;
  };
  try {
    for await (const block of blocks) {
      submit(block);
      if (queue.length >= maxInFlight) yield await take();
    }
    while (queue.length > 0) yield await take();
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
