import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { Readable, pipeline } from 'node:stream';

/** Size of each read from disk. Large reads keep the per-chunk cost small beside the parsing. */
export const readChunkSize = 1 << 20;

/** Streams a file's bytes (or standard input's, for a null path) in large chunks. */
export function fileBytes(path: string | null, onChunk?: (length: number) => void): AsyncIterable<Buffer> {
  const stream: AsyncIterable<Buffer> = path === null
    ? process.stdin
    : createReadStream(path, { highWaterMark: readChunkSize });
  if (onChunk === undefined) return stream;
  return (async function* counted() {
    for await (const chunk of stream) {
      onChunk(chunk.length);
      yield chunk;
    }
  })();
}

/** Decompresses a gzip byte stream. A corrupt stream raises an error while iterating. */
export function gunzipBytes(bytes: AsyncIterable<Buffer>): AsyncIterable<Buffer> {
  const gunzip = createGunzip({ chunkSize: 256 * 1024 });
  pipeline(Readable.from(bytes), gunzip, () => {
    // Errors reach the consumer through the gunzip stream's iterator.
  });
  return gunzip;
}

/** The first bytes of a stream for sniffing, and the whole stream again (head included). */
export interface PeekedBytes {
  head: Buffer;
  /** True when `head` is the whole input. */
  complete: boolean;
  bytes: AsyncIterable<Buffer>;
  /** Releases the underlying stream (closes the file) whether or not `bytes` was read to the end. */
  close(): Promise<void>;
}

/** Reads at least `length` bytes (or all, if fewer) without losing them for the reader. */
export async function peekBytes(source: AsyncIterable<Buffer>, length: number): Promise<PeekedBytes> {
  const iterator = source[Symbol.asyncIterator]();
  const chunks: Buffer[] = [];
  let total = 0;
  let complete = false;
  while (total < length) {
    const next = await iterator.next();
    if (next.done) {
      complete = true;
      break;
    }
    chunks.push(next.value);
    total += next.value.length;
  }
  const head = Buffer.concat(chunks);
  async function* replay(): AsyncGenerator<Buffer> {
    try {
      if (head.length > 0) yield head;
      if (complete) return;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
    } finally {
      // Closes the file when a reader stops early.
      await iterator.return?.();
    }
  }
  const close = async (): Promise<void> => {
    await iterator.return?.();
  };
  return { head, complete, bytes: replay(), close };
}
