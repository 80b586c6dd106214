import { open, type FileHandle } from 'node:fs/promises';
import { chunkHeaderSize, chunkSize, hasChunkSignature } from './chunkHeader.js';
import { fileFlagDirty, fileHeaderSize, parseFileHeader, type FileHeader } from './fileHeader.js';
import type { ChunkIssue } from './chunk.js';
import { EvtxFormatError } from './errors.js';
import { recordSignature } from './record.js';

/** One 64 KiB block of the file that carries the chunk signature. */
export interface ChunkBlock {
  index: number;
  fileOffset: number;
  bytes: Uint8Array;
}

/** Callback that receives what a file walk skipped or noticed. */
export type IssueSink = (issue: ChunkIssue) => void;

/** Chunks per disk read. */
export const chunksPerRead = 16;

function chunkAt(index: number, offset: number): string {
  return `chunk ${index} at offset 0x${offset.toString(16)}`;
}

export function isZero(bytes: Uint8Array, length: number): boolean {
  for (let i = 0; i < length; i++) if (bytes[i] !== 0) return false;
  return true;
}

/** Kind of a whole 64 KiB block met by a file walk. */
export type BlockKind = 'chunk' | 'zero' | 'foreign';

/** Tells whether a whole 64 KiB block is a chunk, unused (all zeros) or something else. */
export function classifyBlock(bytes: Uint8Array): BlockKind {
  if (hasChunkSignature(bytes, 0)) return 'chunk';
  return isZero(bytes, chunkSize) ? 'zero' : 'foreign';
}

/**
 * Files the blocks of a file walk in file order and reports the ones that are not chunks.
 * Blocks without a chunk signature between chunks are skipped and reported; after the last
 * chunk, zero blocks are unused space and other blocks are slack, reported as one warning.
 */
export class BlockTally {
  private pending: { index: number; reason: string }[] = [];
  private chunksFound = 0;

  constructor(private readonly report: IssueSink) {}

  /** Files a block with the chunk signature; the blocks held back before it lie inside the log. */
  chunk(): void {
    for (const block of this.pending) {
      this.report({ kind: 'skip', at: chunkAt(block.index, fileHeaderSize + block.index * chunkSize), reason: block.reason });
    }
    this.pending = [];
    this.chunksFound++;
  }

  /** Files a chunk that the end of the file cuts short; its records up to the cut are read. */
  truncatedChunk(index: number, available: number): void {
    this.chunk();
    this.report({
      kind: 'warn',
      at: chunkAt(index, fileHeaderSize + index * chunkSize),
      reason: `file ends ${available} bytes into this chunk (truncated copy): records that end before the cut are read, the record the cut splits and later ones are lost`,
    });
  }

  /** Files a whole block that is not a chunk. */
  other(index: number, kind: 'zero' | 'foreign'): void {
    this.pending.push({
      index,
      reason: kind === 'zero' ? 'chunk is all zeros' : 'chunk signature is not "ElfChnk", chunk skipped',
    });
  }

  /**
   * Files the partial block at the end of the file that paddedTruncatedChunk could not use:
   * `zero` when its bytes are all zeros, `signature` when it starts a chunk whose header the
   * end of the file cuts.
   */
  truncated(index: number, available: number, zero: boolean, signature = false): void {
    if (signature) {
      this.chunk();
      this.report({
        kind: 'warn',
        at: chunkAt(index, fileHeaderSize + index * chunkSize),
        reason: `file ends ${available} bytes into this chunk, inside its ${chunkHeaderSize}-byte header (truncated copy): none of its records can be read`,
      });
    } else if (!zero) {
      this.pending.push({ index, reason: `file ends ${available} bytes into the chunk (truncated)` });
    }
  }

  /**
   * Reports slack after the last chunk, a file without chunks and a header that states fewer
   * chunks than were found. `headerComplete` is false when the file ends inside its header.
   */
  finish(header: FileHeader, headerComplete: boolean): void {
    const slack = this.pending.filter((block) => block.reason !== 'chunk is all zeros');
    if (slack.length > 0) {
      this.report({
        kind: 'warn',
        at: chunkAt(slack[0]!.index, fileHeaderSize + slack[0]!.index * chunkSize),
        reason: `${slack.length} block(s) after the last chunk hold no chunk signature (slack space, not read)`,
      });
    }
    if (this.chunksFound === 0 && headerComplete) {
      this.report({ kind: 'warn', at: 'file', reason: 'no chunk found after the file header: the file holds no records' });
    }
    if (this.chunksFound > header.chunkCount) {
      this.report({
        kind: 'warn',
        at: 'file header',
        reason: `header is stale: it declares ${header.chunkCount} chunk${header.chunkCount === 1 ? '' : 's'}, the file holds ${this.chunksFound}`,
      });
    }
  }
}

/** Stands in for a damaged file header: no declared chunks, so none is reported as stale. */
const headerlessDefaults: FileHeader = {
  firstChunkNumber: 0,
  lastChunkNumber: 0,
  nextRecordId: 0,
  headerSize: 128,
  minorVersion: 1,
  majorVersion: 3,
  headerBlockSize: fileHeaderSize,
  chunkCount: Number.MAX_SAFE_INTEGER,
  flags: 0,
  checksum: 0,
  computedChecksum: 0,
};

/**
 * Reads and checks the file header of an open EVTX file, reporting checksum, dirty flag and
 * version problems and a file that ends inside its header. Returns the header and whether all
 * of it was there. Throws EvtxFormatError, naming `path`, when the header is unusable.
 */
export async function readCheckedHeader(
  handle: FileHandle,
  path: string,
  report: IssueSink,
): Promise<{ header: FileHeader; complete: boolean }> {
  const headerBytes = new Uint8Array(fileHeaderSize);
  const { bytesRead } = await handle.read(headerBytes, 0, fileHeaderSize, 0);
  let header: FileHeader;
  try {
    header = parseFileHeader(headerBytes.subarray(0, bytesRead));
  } catch (error) {
    if (!(error instanceof EvtxFormatError)) throw error;
    // The chunks carry everything records need, so a damaged file header costs only its counts.
    const firstChunk = new Uint8Array(8);
    const { bytesRead: chunkRead } = await handle.read(firstChunk, 0, 8, fileHeaderSize);
    if (chunkRead < 8 || !hasChunkSignature(firstChunk, 0)) throw new EvtxFormatError(`${path}: ${error.message}`);
    report({ kind: 'warn', at: 'file header', reason: `file header is damaged, so its chunks are read without it: ${error.message}` });
    return { header: headerlessDefaults, complete: true };
  }
  checkFileHeader(header, report);
  if (bytesRead < fileHeaderSize) {
    report({ kind: 'warn', at: 'file header', reason: `file ends ${bytesRead} bytes into the ${fileHeaderSize}-byte file header: it holds no chunks` });
  }
  return { header, complete: bytesRead === fileHeaderSize };
}

/**
 * Returns a chunk cut short by the end of the file as a whole 64 KiB chunk, or undefined when
 * the partial block is not a chunk. A copy cut short (a download or carve that stopped early)
 * still contains whole records before the cut; the missing tail reads as zeros, which ends the
 * record walk there.
 */
export function paddedTruncatedChunk(partial: Uint8Array): Uint8Array | undefined {
  if (partial.length < chunkHeaderSize || !hasChunkSignature(partial, 0)) return undefined;
  const bytes = new Uint8Array(chunkSize);
  bytes.set(partial.subarray(0, wholeRecordsEnd(partial)));
  return bytes;
}

/**
 * Returns where the last record that ends before the cut ends. A record the cut splits would
 * otherwise parse with zeros in place of its lost tail and feed invented values to the rules.
 */
function wholeRecordsEnd(partial: Uint8Array): number {
  const view = new DataView(partial.buffer, partial.byteOffset, partial.byteLength);
  let offset = chunkHeaderSize;
  while (offset + 8 <= partial.length && view.getUint32(offset, true) === recordSignature) {
    const size = view.getUint32(offset + 4, true);
    if (size < 8 || offset + size > partial.length) break;
    offset += size;
  }
  return offset;
}

/**
 * Reads an EVTX file's header, then every 64 KiB block after it to the end of the file,
 * whatever chunk count the header states (a log copied while open often undercounts). Blocks
 * that are not chunks are reported as BlockTally describes. Throws EvtxFormatError when the
 * file header is unusable. With `reuseBuffers`, two read buffers take turns, which saves a fresh
 * megabyte per read. A block's bytes are then overwritten when the consumer requests the block
 * 16 to 32 blocks later, so only consumers that keep nothing but decoded values may set it.
 */
export async function* readChunkBlocks(path: string, report: IssueSink, reuseBuffers = false): AsyncGenerator<ChunkBlock> {
  const handle = await open(path, 'r');
  let next: Promise<{ buffer: Uint8Array; bytesRead: number }> | undefined;
  try {
    const { header, complete } = await readCheckedHeader(handle, path, report);
    const tally = new BlockTally(report);
    let index = 0;
    // Reads go 16 chunks (1 MiB) at a time, and the next read starts before the current chunks
    // are handed out, so parsing overlaps the disk instead of waiting on it.
    const spare: Uint8Array[] = [];
    const readAhead = (start: number) => {
      const buffer = spare.pop() ?? new Uint8Array(chunksPerRead * chunkSize);
      return handle.read(buffer, 0, buffer.length, fileHeaderSize + start * chunkSize).then(({ bytesRead }) => ({ buffer, bytesRead }));
    };
    next = readAhead(0);
    let ended = false;
    while (!ended) {
      const { buffer, bytesRead } = await next;
      if (bytesRead === buffer.length) next = readAhead(index + chunksPerRead);
      else ended = true;
      for (let start = 0; start < bytesRead; start += chunkSize) {
        const fileOffset = fileHeaderSize + index * chunkSize;
        const available = Math.min(chunkSize, bytesRead - start);
        if (available < chunkSize) {
          const partial = buffer.subarray(start, start + available);
          const padded = paddedTruncatedChunk(partial);
          if (padded !== undefined) {
            tally.truncatedChunk(index, available);
            yield { index, fileOffset, bytes: padded };
          } else {
            tally.truncated(index, available, isZero(partial, available), hasChunkSignature(partial, 0));
          }
          ended = true;
          break;
        }
        // A view, not a copy: the buffer is not read into again until its blocks are handed out.
        const bytes = buffer.subarray(start, start + chunkSize);
        const kind = classifyBlock(bytes);
        if (kind === 'chunk') {
          tally.chunk();
          yield { index, fileOffset, bytes };
        } else {
          tally.other(index, kind);
        }
        index++;
      }
      // Every block of this buffer has been handed out and the consumer asked for more.
      if (reuseBuffers) spare.push(buffer);
    }
    tally.finish(header, complete);
  } finally {
    // A consumer that stops early leaves a read in flight; it must finish before the close.
    await next?.catch(() => undefined);
    await handle.close();
  }
}

function checkFileHeader(header: FileHeader, report: IssueSink): void {
  if (header.computedChecksum !== header.checksum) {
    report({
      kind: 'warn',
      at: 'file header',
      reason: `file header CRC32 0x${header.checksum.toString(16)} does not match computed 0x${header.computedChecksum.toString(16)}`,
    });
  }
  if (header.flags & fileFlagDirty) {
    report({ kind: 'warn', at: 'file header', reason: 'file is marked dirty (not closed cleanly); header counts may be stale' });
  }
  if (header.majorVersion !== 3) {
    report({ kind: 'warn', at: 'file header', reason: `format version ${header.majorVersion}.${header.minorVersion} is not 3.x` });
  }
}
