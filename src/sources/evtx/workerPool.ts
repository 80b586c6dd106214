import { Worker } from 'node:worker_threads';
import type { WindowsEvent } from '../windowsEvent.js';
import type { ChunkIssue } from './chunk.js';
import type { ChunkBlock } from './fileChunks.js';
import type { ChunkRequest } from './worker.js';

interface ChunkReply {
  id: number;
  results?: unknown[];
  error?: string;
}

export interface ParsedChunk {
  events: WindowsEvent[];
  issues: ChunkIssue[];
}

/**
 * Chunks per request. A chunk parses in well under a millisecond, so one chunk per message
 * leaves the workers waiting on message round trips; 16 chunks (1 MiB) per request keeps
 * them busy.
 */
const chunksPerRequest = 16;

/**
 * Requests per worker that may be in flight or waiting to be yielded. Results must come out in
 * file order, so while the oldest request is still running the others keep the workers busy.
 */
const requestsPerWorker = 4;

interface InFlight {
  worker: number;
  reply: ChunkReply | undefined;
  done: Promise<ChunkReply>;
}

/**
 * Parses chunks on worker threads and yields the results in input order, one per chunk. Each
 * request goes to the worker with the fewest requests outstanding, and at most
 * `4 × workers` requests of up to 16 chunks each are in flight or unyielded, so memory stays
 * bounded whatever the file size.
 */
export async function* parseChunksInWorkers<Result = ParsedChunk>(
  blocks: AsyncIterable<ChunkBlock>,
  workerCount: number,
  rowsOf?: string,
): AsyncGenerator<Result> {
  const workers = Array.from({ length: workerCount }, () => new Worker(new URL('./worker.js', import.meta.url)));
  const outstanding = new Array<number>(workerCount).fill(0);
  const pending = new Map<number, (reply: ChunkReply) => void>();
  for (const worker of workers) {
    worker.on('message', (reply: ChunkReply) => {
      const resolve = pending.get(reply.id);
      pending.delete(reply.id);
      resolve?.(reply);
    });
    worker.on('error', (error) => {
      for (const resolve of pending.values()) resolve({ id: -1, error: error.message });
      pending.clear();
    });
  }
  const window = workerCount * requestsPerWorker;
  const queue: InFlight[] = [];
  let nextId = 0;
  let batch: ChunkBlock[] = [];

  const submit = () => {
    const id = nextId++;
    let target = 0;
    for (let i = 1; i < workerCount; i++) if (outstanding[i]! < outstanding[target]!) target = i;
    outstanding[target]!++;
    const request: ChunkRequest = {
      id,
      chunks: batch.map((block) => ({ index: block.index, fileOffset: block.fileOffset, bytes: block.bytes })),
      rowsOf,
    };
    const transfer = batch.map((block) => block.bytes.buffer as ArrayBuffer);
    batch = [];
    const entry: InFlight = {
      worker: target,
      reply: undefined,
      done: new Promise<ChunkReply>((resolve) =>
        pending.set(id, (reply) => {
          outstanding[target]!--;
          entry.reply = reply;
          resolve(reply);
        }),
      ),
    };
    queue.push(entry);
    workers[target]!.postMessage(request, transfer);
  };
  const take = async (): Promise<Result[]> => {
    const { error, results } = await queue.shift()!.done;
    if (error !== undefined) throw new Error(`EVTX worker failed: ${error}`);
    return results as Result[];
  };

  try {
    for await (const block of blocks) {
      batch.push(block);
      if (batch.length < chunksPerRequest) continue;
      while (queue.length >= window) yield* await take();
      submit();
      // Hand on what has already arrived in order, without waiting.
      while (queue.length > 0 && queue[0]!.reply !== undefined) yield* await take();
    }
    if (batch.length > 0) submit();
    while (queue.length > 0) yield* await take();
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
