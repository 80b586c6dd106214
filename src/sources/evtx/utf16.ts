/**
 * UTF-16LE decoding through TextDecoder in non-fatal mode: an unpaired surrogate becomes U+FFFD,
 * so a damaged string still yields valid text (and valid JSON) instead of an error.
 */
const utf16 = new TextDecoder('utf-16le', { fatal: false });
/** ANSI strings in EVTX use the writer's code page, which the file does not record; 1252 is the usual one. */
const ansi = new TextDecoder('windows-1252', { fatal: false });

let lastBytes: Uint8Array | undefined;
let lastBuffer: Buffer | undefined;

/** Returns a Buffer over the same memory as `bytes`, reused while the same chunk is read. */
function bufferOf(bytes: Uint8Array): Buffer {
  if (bytes !== lastBytes) {
    lastBytes = bytes;
    lastBuffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  return lastBuffer!;
}

/**
 * Decodes `bytes[start, end)` as UTF-16LE, with TextDecoder's result. Buffer's native decoder
 * costs about a third of a TextDecoder call on short strings, but it keeps unpaired surrogates,
 * drops an odd last byte and keeps a leading byte order mark; TextDecoder decodes those cases.
 */
export function decodeUtf16(bytes: Uint8Array, start: number, end: number): string {
  if (end <= start) return '';
  if ((end - start) % 2 === 0 && !(bytes[start] === 0xff && bytes[start + 1] === 0xfe)) {
    const text = bufferOf(bytes).toString('utf16le', start, end);
    if (text.isWellFormed()) return text;
  }
  return utf16.decode(bytes.subarray(start, end));
}

declare global {
  interface String {
    /** String.prototype.isWellFormed (V8 11.3, Node 20), not yet in the ES2023 library types. */
    isWellFormed(): boolean;
  }
}

/** Decodes UTF-16LE and drops trailing NUL code units, which string values often carry. */
export function decodeUtf16Trimmed(bytes: Uint8Array, start: number, end: number): string {
  while (end - start >= 2 && bytes[end - 1] === 0 && bytes[end - 2] === 0) end -= 2;
  return decodeUtf16(bytes, start, end);
}

/** Decodes an ANSI string (code page 1252) and drops trailing NUL bytes. */
export function decodeAnsiTrimmed(bytes: Uint8Array, start: number, end: number): string {
  while (end > start && bytes[end - 1] === 0) end--;
  if (end <= start) return '';
  return ansi.decode(bytes.subarray(start, end));
}
