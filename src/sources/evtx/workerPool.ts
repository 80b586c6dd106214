import { open } from 'node:fs/promises';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import type { RowFilterSpec } from '../../kql/rowFilter.js';
import type { RecordFormat } from './reader.js';
import { parseBlockRange, type BlockRangeRequest, type BlockResult } from './blockRange.js';
import { chunkSize } from './chunkHeader.js';
import { fileHeaderSize } from './fileHeader.js';
import { BlockTally, chunksPerRead, readCheckedHeader, type IssueSink } from './fileChunks.js';

interface RangeReply {
  id: number;
  blocks?: BlockResult[];
  error?: string;
}

/** The work a pool does per chunk: flat events, table rows of the given tables (`rowsOf`), or text (`render`). */
export interface ChunkWork {
  rowsOf?: string;
  tables?: string[];
  filter?: RowFilterSpec;
  render?: RecordFormat;
}

/**
 * Ranges each worker may hold, queued or running. Four ranges (4 MiB) keep a worker busy for
 * about 0.1 s, longer than the calling thread spends on one range of its own, so a worker
 * never runs dry while the calling thread parses.
 */
const requestsPerWorker = 4;

/**
 * Ranges held beyond the workers' own: how far the calling thread may parse ahead of the oldest
 * worker range, so that a worker slowed by its warm-up does not stall it.
 */
const extraRanges = 16;

/** A range in file order: parsed on the calling thread (`reply` set at once) or on a worker. */
interface Slot {
  reply: RangeReply | undefined;
  done: Promise<RangeReply>;
}

/**
 * Worker threads that parse EVTX block ranges, shared by every file of one read so that each
 * worker starts and compiles its code once. The calling thread parses too. Whenever the next
 * range in file order is not back yet, it takes the next unassigned range itself instead of
 * waiting. So `n` workers give `n + 1` parsing threads, and no thread idles while work is left.
 * Call `close` when the read ends.
 */
export class EvtxWorkerPool {
  private readonly workers: Worker[] = [];
  private readonly outstanding: number[] = [];
  private readonly pending = new Map<number, (reply: RangeReply) => void>();
  private nextId = 0;

  constructor(private readonly workerCount: number) {}

  private start(): void {
    if (this.workers.length > 0) return;
    for (let i = 0; i < this.workerCount; i++) {
      const worker = new Worker(new URL('./worker.js', import.meta.url));
      worker.on('message', (reply: RangeReply) => {
        const resolve = this.pending.get(reply.id);
        this.pending.delete(reply.id);
        resolve?.(reply);
      });
      const slot = this.workers.length;
      worker.on('error', (error) => {
        // A dead worker gets no more ranges, and the ranges in flight fail that file's read.
        this.outstanding[slot] = Infinity;
        for (const resolve of this.pending.values()) resolve({ id: -1, error: error.message });
        this.pending.clear();
      });
      this.workers.push(worker);
      this.outstanding.push(0);
    }
  }

  /** Returns the worker with the fewest ranges, or -1 when every worker has requestsPerWorker. */
  private idleWorker(): number {
    let target = -1;
    for (let i = 0; i < this.workers.length; i++) {
      const load = this.outstanding[i]!;
      if (load < requestsPerWorker && (target === -1 || load < this.outstanding[target]!)) target = i;
    }
    return target;
  }

  private send(worker: number, request: BlockRangeRequest): Slot {
    this.outstanding[worker]!++;
    const slot: Slot = {
      reply: undefined,
      done: new Promise<RangeReply>((resolve) =>
        this.pending.set(request.id, (reply) => {
          this.outstanding[worker]!--;
          slot.reply = reply;
          resolve(reply);
        }),
      ),
    };
    this.workers[worker]!.postMessage(request);
    return slot;
  }

  private parseHere(request: BlockRangeRequest): Slot {
    let reply: RangeReply;
    try {
      reply = { id: request.id, blocks: parseBlockRange(request) };
    } catch (error) {
      reply = { id: request.id, error: error instanceof Error ? error.message : String(error) };
    }
    return { reply, done: Promise.resolve(reply) };
  }

  /**
   * Parses an EVTX file and yields one result per chunk, in file order. The calling thread
   * reads and checks the file header and reports the blocks that are not chunks exactly as
   * readChunkBlocks does. Each range of 16 blocks (1 MiB) is read by the thread that parses it,
   * so chunk bytes never cross threads. At most `4 × workers + 16` ranges are in flight or
   * unyielded, so memory stays bounded whatever the file size. Throws EvtxFormatError when the
   * file header is unusable.
   */
  async *parseFile<Result>(path: string, report: IssueSink, work: ChunkWork = {}): AsyncGenerator<Result> {
    this.start();
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
    const window = this.workers.length * requestsPerWorker + extraRanges;
    const queue: Slot[] = [];
    let nextBlock = 0;
    const nextRequest = (): BlockRangeRequest => {
      const request = { id: this.nextId++, path, firstBlock: nextBlock, blockCount: Math.min(chunksPerRead, blockCount - nextBlock), ...work };
      nextBlock += request.blockCount;
      return request;
    };

    const tally = new BlockTally(report);
    let ended = false;
    let index = 0;
    /** Files the blocks of the oldest range in order and returns its chunk results. */
    const take = (reply: RangeReply): Result[] => {
      queue.shift();
      if (reply.error !== undefined) throw new Error(`EVTX worker failed on ${path}: ${reply.error}`);
      const results: Result[] = [];
      for (const block of reply.blocks!) {
        if (ended) break;
        if (block.kind === 'chunk') {
          tally.chunk();
          results.push(block.result as Result);
        } else if (block.kind === 'truncatedChunk') {
          tally.truncatedChunk(index, block.available);
          results.push(block.result as Result);
          ended = true;
        } else if (block.kind === 'truncated') {
          tally.truncated(index, block.available, block.zero, block.signature);
          ended = true;
        } else {
          tally.other(index, block.kind);
        }
        index++;
      }
      return results;
    };

    while (queue.length > 0 || nextBlock < blockCount) {
      for (let worker = this.idleWorker(); worker !== -1 && nextBlock < blockCount && queue.length < window; worker = this.idleWorker()) {
        queue.push(this.send(worker, nextRequest()));
      }
      const oldest = queue[0];
      if (oldest?.reply !== undefined) {
        yield* take(oldest.reply);
      } else if (nextBlock < blockCount && queue.length < window) {
        queue.push(this.parseHere(nextRequest()));
        // Lets the workers' replies in, which only arrive while the event loop turns.
        await nextTurn();
      } else if (oldest !== undefined) {
        yield* take(await oldest.done);
      }
    }
    tally.finish(header.header, header.complete);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
    this.workers.length = 0;
    this.outstanding.length = 0;
  }
}
