import { open } from 'node:fs/promises';
import { chunkHeaderSize, chunkSize, hasChunkSignature } from './chunkHeader.js';
import { fileFlagDirty, fileHeaderSize, parseFileHeader, type FileHeader } from './fileHeader.js';
import type { ChunkIssue } from './chunk.js';
import { EvtxFormatError } from './errors.js';

/** One 64 KiB block of the file that carries the chunk signature. */
export interface ChunkBlock {
  index: number;
  fileOffset: number;
  bytes: Uint8Array;
}

/** Callback that receives what a file walk skipped or noticed. */
export type IssueSink = (issue: ChunkIssue) => void;

/** Chunks per disk read. */
const chunksPerRead = 16;

function chunkAt(index: number, offset: number): string {
  return `chunk ${index} at offset 0x${offset.toString(16)}`;
}

function isZero(bytes: Uint8Array, length: number): boolean {
  for (let i = 0; i < length; i++) if (bytes[i] !== 0) return false;
  return true;
}

/**
 * Reads an EVTX file's header, then every 64 KiB block after it to the end of the file,
 * whatever chunk count the header states (a log copied while open often undercounts). Blocks
 * without the chunk signature between chunks are skipped and reported; after the last chunk,
 * zero blocks are unused space and other blocks are slack, reported as one warning.
 * Throws EvtxFormatError when the file header is unusable.
 */
export async function* readChunkBlocks(path: string, report: IssueSink): AsyncGenerator<ChunkBlock> {
  const handle = await open(path, 'r');
  let next: Promise<{ buffer: Uint8Array; bytesRead: number }> | undefined;
  try {
    const headerBytes = new Uint8Array(fileHeaderSize);
    const { bytesRead: headerRead } = await handle.read(headerBytes, 0, fileHeaderSize, 0);
    let header: FileHeader;
    try {
      header = parseFileHeader(headerBytes.subarray(0, headerRead));
    } catch (error) {
      if (error instanceof EvtxFormatError) throw new EvtxFormatError(`${path}: ${error.message}`);
      throw error;
    }
    checkFileHeader(header, report);
    if (headerRead < fileHeaderSize) {
      report({ kind: 'warn', at: 'file header', reason: `file ends ${headerRead} bytes into the ${fileHeaderSize}-byte file header: it holds no chunks` });
    }

    let index = 0;
    let chunksFound = 0;
    // Blocks without a chunk signature are held back until a later chunk shows they lie inside
    // the log. After the last chunk they are unused or slack space, reported once as a warning.
    let pending: { index: number; reason: string }[] = [];
    // Reads go 16 chunks (1 MiB) at a time, and the next read starts before the current chunks
    // are handed out, so parsing overlaps the disk instead of waiting on it.
    const readAhead = (start: number) => {
      const buffer = new Uint8Array(chunksPerRead * chunkSize);
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
          if (available >= chunkHeaderSize && hasChunkSignature(partial, 0)) {
            // A copy cut short (a download or carve that stopped early) still holds whole records
            // before the cut. The missing tail reads as zeros, which ends the record walk there.
            const bytes = new Uint8Array(chunkSize);
            bytes.set(partial);
            for (const block of pending) {
              report({ kind: 'skip', at: chunkAt(block.index, fileHeaderSize + block.index * chunkSize), reason: block.reason });
            }
            pending = [];
            report({
              kind: 'warn',
              at: chunkAt(index, fileOffset),
              reason: `file ends ${available} bytes into this chunk (truncated copy): records up to the cut are read, later ones are lost`,
            });
            chunksFound++;
            yield { index, fileOffset, bytes };
          } else if (!isZero(partial, available)) {
            pending.push({ index, reason: `file ends ${available} bytes into the chunk (truncated)` });
          }
          ended = true;
          break;
        }
        // A copy per chunk, so that each can be transferred to a worker on its own.
        const bytes = buffer.slice(start, start + chunkSize);
        if (hasChunkSignature(bytes, 0)) {
          for (const block of pending) {
            report({ kind: 'skip', at: chunkAt(block.index, fileHeaderSize + block.index * chunkSize), reason: block.reason });
          }
          pending = [];
          chunksFound++;
          yield { index, fileOffset, bytes };
        } else if (isZero(bytes, chunkSize)) {
          pending.push({ index, reason: 'chunk is all zeros' });
        } else {
          pending.push({ index, reason: 'chunk signature is not "ElfChnk", chunk skipped' });
        }
        index++;
      }
    }
    const slack = pending.filter((block) => block.reason !== 'chunk is all zeros');
    if (slack.length > 0) {
      report({
        kind: 'warn',
        at: chunkAt(slack[0]!.index, fileHeaderSize + slack[0]!.index * chunkSize),
        reason: `${slack.length} block(s) after the last chunk hold no chunk signature (slack space, not read)`,
      });
    }
    if (chunksFound === 0 && headerRead === fileHeaderSize) {
      report({ kind: 'warn', at: 'file', reason: 'no chunk found after the file header: the file holds no records' });
    }
    if (chunksFound > header.chunkCount) {
      report({
        kind: 'warn',
        at: 'file header',
        reason: `header is stale: it declares ${header.chunkCount} chunks, the file holds ${chunksFound}`,
      });
    }
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
