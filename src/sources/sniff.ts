import type { TextEncoding } from './text.js';

/** Input formats recognised from a file's first bytes. */
export type InputFormat =
  | 'gzip' | 'evtx' | 'xml' | 'json-lines' | 'json-document' | 'evtx-dump-json' | 'csv' | 'empty' | 'unknown';

export interface SniffResult {
  format: InputFormat;
  encoding: TextEncoding;
  /** CSV field delimiter (`,` or tab). */
  delimiter?: string;
  /** For `unknown`: what the content looked like. */
  detail?: string;
}

/** Bytes the sniffer wants to see; less is fine when the input is shorter. */
export const sniffLength = 64 * 1024;

const evtxMagic = Buffer.from('ElfFile\0', 'latin1');
const evtxChunkMagic = Buffer.from('ElfChnk\0', 'latin1');
/** Offset of an EVTX file's first chunk: the file header block is 4096 bytes. */
const evtxFirstChunk = 4096;
/**
 * The line that the Rust `evtx_dump` (evtx crate) writes before each record unless given
 * `--dont-show-record-number`: `Record <EventRecordID>`, then the record as XML or indented JSON.
 */
const evtxDumpRecordLine = /^Record \d+\r?\n/;

/**
 * Recognises an input format from its first bytes, never from the file name: gzip (1f 8b), EVTX
 * (`ElfFile\0`), and for text (UTF-8 with or without BOM, UTF-16 with BOM or with the NUL pattern
 * of ASCII text) event XML, JSON lines, a whole JSON document, `evtx_dump` output with `Record N`
 * lines (XML or indented JSON), or CSV. `complete` is true when `head` is the whole input.
 */
export function sniffFormat(head: Buffer, complete: boolean): SniffResult {
  if (head.length === 0) return { format: 'empty', encoding: 'utf8' };
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return { format: 'gzip', encoding: 'utf8' };
  if (head.length >= 8 && head.subarray(0, 8).equals(evtxMagic)) return { format: 'evtx', encoding: 'utf8' };
  // A file header damaged by a bad copy or a carve still has its first chunk 4096 bytes in.
  if (head.length >= evtxFirstChunk + 8 && head.subarray(evtxFirstChunk, evtxFirstChunk + 8).equals(evtxChunkMagic)) return { format: 'evtx', encoding: 'utf8' };

  const encoding = detectEncoding(head);
  let text = decodeHead(head, encoding);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let trimmed = text.trimStart();
  if (trimmed.length === 0) return { format: 'empty', encoding };
  if (encoding === 'utf8' && text.indexOf('\0') !== -1) {
    return { format: 'unknown', encoding, detail: 'binary data' };
  }

  const recordLine = evtxDumpRecordLine.exec(trimmed);
  if (recordLine !== null) {
    const record = trimmed.slice(recordLine[0].length).trimStart();
    if (record.startsWith('{')) return { format: 'evtx-dump-json', encoding };
    // The event XML reader skips the `Record` lines and XML declarations between events.
    if (record.startsWith('<')) trimmed = record;
  }

  const first = trimmed.charCodeAt(0);
  if (first === 60 /* < */) {
    if (/<([\w.-]+:)?Events?[\s>/]/.test(trimmed)) return { format: 'xml', encoding };
    return { format: 'unknown', encoding, detail: 'XML without <Event> elements' };
  }
  if (first === 123 /* { */ || first === 91 /* [ */) return { format: sniffJson(trimmed, complete), encoding };

  const newline = trimmed.indexOf('\n');
  const header = (newline === -1 ? trimmed : trimmed.slice(0, newline)).replace(/\r$/, '');
  const delimiter = header.includes('\t') && !header.includes(',') ? '\t' : ',';
  if (header.split(delimiter).length >= 2 && !/[\x00-\x08\x0e-\x1f]/.test(header)) {
    return { format: 'csv', encoding, delimiter };
  }
  return { format: 'unknown', encoding, detail: `text starting with "${header.slice(0, 40)}"` };
}

/**
 * JSON lines when the first line is a complete JSON value (a one-line document is then read as a
 * single JSON line, with the same result); a whole document when the first line is not complete
 * on its own, as in pretty-printed JSON.
 */
function sniffJson(text: string, complete: boolean): 'json-lines' | 'json-document' {
  const newline = text.indexOf('\n');
  if (newline === -1) return complete ? 'json-document' : 'json-lines';
  try {
    JSON.parse(text.slice(0, newline));
    return 'json-lines';
  } catch {
    return 'json-document';
  }
}

function detectEncoding(head: Buffer): TextEncoding {
  if (head.length >= 2) {
    if (head[0] === 0xff && head[1] === 0xfe) return 'utf16le';
    if (head[0] === 0xfe && head[1] === 0xff) return 'utf16be';
    if (head[0] !== 0 && head[1] === 0 && (head.length < 4 || (head[2] !== 0 && head[3] === 0))) return 'utf16le';
    if (head[0] === 0 && head[1] !== 0 && (head.length < 4 || (head[2] === 0 && head[3] !== 0))) return 'utf16be';
  }
  return 'utf8';
}

function decodeHead(head: Buffer, encoding: TextEncoding): string {
  if (encoding === 'utf8') return head.toString('utf8');
  return new TextDecoder(encoding === 'utf16le' ? 'utf-16le' : 'utf-16be').decode(head);
}
