import { StringDecoder } from 'node:string_decoder';

/** Text encodings that the sniffer recognises, from a byte order mark or from NUL patterns. */
export type TextEncoding = 'utf8' | 'utf16le' | 'utf16be';

/**
 * Decodes a byte stream into text chunks. A byte order mark is dropped; characters split across
 * chunk boundaries are joined. Invalid bytes become U+FFFD rather than stopping the read.
 */
export async function* decodeText(bytes: AsyncIterable<Buffer>, encoding: TextEncoding): AsyncGenerator<string> {
  if (encoding === 'utf8') {
    const decoder = new StringDecoder('utf8');
    let first = true;
    for await (const chunk of bytes) {
      let text = decoder.write(chunk);
      if (first && text.length > 0) {
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        first = false;
      }
      if (text.length > 0) yield text;
    }
    const tail = decoder.end();
    if (tail.length > 0) yield tail;
    return;
  }
  const decoder = new TextDecoder(encoding === 'utf16le' ? 'utf-16le' : 'utf-16be');
  for await (const chunk of bytes) {
    const text = decoder.decode(chunk, { stream: true });
    if (text.length > 0) yield text;
  }
  const tail = decoder.decode();
  if (tail.length > 0) yield tail;
}
