import { open } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import type { WindowsEvent } from '../windowsEvent.js';
import type { ChunkIssue } from './chunk.js';
import { chunkSize } from './chunkHeader.js';
import { fileHeaderSize } from './fileHeader.js';
import { BlockTally, chunksPerRead, readCheckedHeader, type IssueSink } from './fileChunks.js';
import type { BlockRangeRequest, BlockResult } from './worker.js';

interface RangeReply {
  id: number;
  blocks?: BlockResult[];
  error?: string;
}

export interface ParsedChunk {
  events: WindowsEvent[];
  issues: ChunkIssue[];
}

/**
 * Requests per worker that may be in flight or waiting to be yielded. Results must come out in
 * file order, so while the oldest request is still running the others keep the workers busy.
 */
const requestsPerWorker = 4;

interface InFlight {
  reply: RangeReply | undefined;
  done: Promise<RangeReply>;
}

/**
 * Parses an EVTX file on worker threads and yields one result per chunk, in file order. The
 * calling thread reads and checks only the file header. Each worker reads its own ranges of 16
 * blocks (1 MiB), so chunk bytes never cross threads. The calling thread reports the blocks
 * that are not chunks exactly as readChunkBlocks does. Each range goes to the worker with the
 * fewest outstanding, and at most `4 × workers` ranges are in flight or unyielded, so memory
 * stays bounded whatever the file size. `rowsOf` makes the workers normalise to table rows.
 * Throws EvtxFormatError when the file header is unusable.
 */
export async function* parseFileInWorkers<Result = ParsedChunk>(
  path: string,
  workerCount: number,
  report: IssueSink,
  rowsOf?: string,
): AsyncGenerator<Result> {
  // Workers start first, so that their start-up overlaps the header read.
  const workers = Array.from({ length: workerCount }, () => new Worker(new URL('./worker.js', import.meta.url)));
  try {
    const handle = await open(path, 'r');
    let header;
    let size;
    try {
      header = await readCheckedHeader(handle, path, report);
      size = (await handle.stat()).size;
    } finally {
      await handle.close();
    }
    // NOTE: the block count is fixed when the file is opened; a log still growing is read to that size.
    const blockCount = Math.max(0, Math.ceil((size - fileHeaderSize) / chunkSize));

    const outstanding = new Array<number>(workerCount).fill(0);
    const pending = new Map<number, (reply: RangeReply) => void>();
    for (const worker of workers) {
      worker.on('message', (reply: RangeReply) => {
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
    let nextBlock = 0;
    let nextId = 0;
    const submit = () => {
      const id = nextId++;
      let target = 0;
      for (let i = 1; i < workerCount; i++) if (outstanding[i]! < outstanding[target]!) target = i;
      outstanding[target]!++;
      const request: BlockRangeRequest = {
        id,
        path,
        firstBlock: nextBlock,
        blockCount: Math.min(chunksPerRead, blockCount - nextBlock),
        rowsOf,
      };
      nextBlock += request.blockCount;
      const entry: InFlight = {
        reply: undefined,
        done: new Promise<RangeReply>((resolve) =>
          pending.set(id, (reply) => {
            outstanding[target]!--;
            entry.reply = reply;
            resolve(reply);
          }),
        ),
      };
      queue.push(entry);
      workers[target]!.postMessage(request);
    };

    const tally = new BlockTally(report);
    let ended = false;
    let index = 0;
    /** Files the blocks of the oldest range in order and returns its chunk results. */
    const take = async (): Promise<Result[]> => {
      const { error, blocks } = await queue.shift()!.done;
      if (error !== undefined) throw new Error(`EVTX worker failed on ${path}: ${error}`);
      const results: Result[] = [];
      for (const block of blocks!) {
        if (ended) break;
        if (block.kind === 'chunk') {
          tally.chunk();
          results.push(block.result as Result);
        } else if (block.kind === 'truncatedChunk') {
          tally.truncatedChunk(index, block.available);
          results.push(block.result as Result);
          ended = true;
        } else if (block.kind === 'truncated') {
          tally.truncated(index, block.available, block.zero);
          ended = true;
        } else {
          tally.other(index, block.kind);
        }
        index++;
      }
      return results;
    };

    while (nextBlock < blockCount) {
      while (queue.length >= window) yield* await take();
      submit();
      // Hand on what has already arrived in order, without waiting.
      while (queue.length > 0 && queue[0]!.reply !== undefined) yield* await take();
    }
    while (queue.length > 0) yield* await take();
    tally.finish(header.header, header.complete);
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
