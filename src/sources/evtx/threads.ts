import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { readChunkBlocks, type ChunkBlock, type IssueSink } from './fileChunks.js';
import type { ReadEvtxOptions } from './reader.js';
import { EvtxWorkerPool, type ChunkWork } from './workerPool.js';

/** Files below this size are parsed on the calling thread alone: a few ranges do not keep two threads busy. */
const minFileBytesForWorkers = 4 * 1024 * 1024;

/**
 * Bytes a read must cover before a worker pays for its start. A worker costs about 0.2 s of CPU
 * to start and warm up, once per read. On 2 cores, a scan of one file of real Sysmon and Security
 * chunks with 2 threads was slower than with 1 at 64 and 128 MB. It was 1.05 to 1.1 times as
 * fast at 256 MB, and 1.2 to 1.3 times at 512 MB.
 */
const minReadBytesForWorkers = 256 * 1024 * 1024;

/** Parsing threads used at most by default, so that a scan on a large machine leaves cores for other work. */
const maxDefaultThreads = 4;

/**
 * Chooses the parsing threads for each file of one read and owns the worker pool they share,
 * so that workers start once per read, not once per file. Close it when the read ends.
 */
export class EvtxThreads {
  private pool: EvtxWorkerPool | undefined;

  /**
   * `threads` fixes the count (1 parses on the calling thread alone). Absent, files of 4 MiB and
   * more get up to 4 threads, one per core, when `readBytes` (the size of every input of the
   * read, or of the file alone) reaches 256 MiB, and 1 otherwise.
   */
  constructor(
    private readonly threads?: number,
    private readonly readBytes?: number,
  ) {}

  private async threadsFor(path: string): Promise<number> {
    if (this.threads !== undefined) return this.threads;
    const cores = availableParallelism();
    if (cores < 2) return 1;
    const { size } = await stat(path);
    if (size < minFileBytesForWorkers || Math.max(size, this.readBytes ?? 0) < minReadBytesForWorkers) return 1;
    // NOTE: only 2 cores were measured; that more threads help on larger machines is assumed.
    return Math.min(cores, maxDefaultThreads);
  }

  /**
   * Parses every chunk of `path` in file order. With one thread, it runs `parseHere` on this
   * one, which must keep nothing of the chunk's bytes because read buffers are reused. With more,
   * it runs on this thread and `threads - 1` workers, which do `work` per chunk.
   */
  async parse<Result>(
    path: string,
    report: IssueSink,
    parseHere: (block: ChunkBlock) => Result,
    work: ChunkWork,
  ): Promise<AsyncIterable<Result>> {
    const threads = await this.threadsFor(path);
    if (threads > 1) {
      this.pool ??= new EvtxWorkerPool(threads - 1);
      return this.pool.parseFile<Result>(path, report, work);
    }
    return (async function* parseOnThisThread() {
      // parseHere keeps only decoded values, so the read buffers can take turns.
      for await (const block of readChunkBlocks(path, report, true)) yield parseHere(block);
    })();
  }

  async close(): Promise<void> {
    await this.pool?.close();
    this.pool = undefined;
  }
}

/** Runs `read` with the caller's EvtxThreads, or with one of its own that is closed after. */
export async function* withThreads<T>(options: ReadEvtxOptions, read: (threads: EvtxThreads) => AsyncGenerator<T>): AsyncGenerator<T> {
  if (options.pool !== undefined) {
    yield* read(options.pool);
    return;
  }
  const threads = new EvtxThreads(options.threads);
  try {
    yield* read(threads);
  } finally {
    await threads.close();
  }
}

