import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';

/**
 * Writes a byte stream to a file in a new temporary folder, runs `use` on that file, and removes
 * the folder afterwards, also when `use` throws. EVTX is read by random access to its 64 KiB
 * chunks, so standard input and decompressed gzip are spooled to disk first.
 */
export async function* withSpooledFile<T>(bytes: AsyncIterable<Buffer>, name: string, use: (path: string) => AsyncIterable<T>): AsyncGenerator<T> {
  const folder = await mkdtemp(join(tmpdir(), 'lurewatch-spool-'));
  try {
    const path = join(folder, name);
    await pipeline(Readable.from(bytes), createWriteStream(path));
    yield* use(path);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
