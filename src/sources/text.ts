/** Text encodings that the sniffer recognises, from a byte order mark or from NUL patterns. */
export type TextEncoding = 'utf8' | 'utf16le' | 'utf16be';

const decoderLabels: Record<TextEncoding, string> = { utf8: 'utf-8', utf16le: 'utf-16le', utf16be: 'utf-16be' };

/**
 * Decodes a byte stream into text chunks. A byte order mark is dropped; characters split across
 * chunk boundaries are joined. Invalid bytes become U+FFFD rather than stopping the read.
 */
export async function* decodeText(bytes: AsyncIterable<Buffer>, encoding: TextEncoding): AsyncGenerator<string> {
  // TextDecoder in streaming mode decoded UTF-8 about twice as fast as StringDecoder on Node 20
  // (measured on 1 MiB chunks of Defender JSON). It also drops a leading byte order mark.
  const decoder = new TextDecoder(decoderLabels[encoding]);
  for await (const chunk of bytes) {
    const text = decoder.decode(chunk, { stream: true });
    if (text.length > 0) yield text;
  }
  const tail = decoder.decode();
  if (tail.length > 0) yield tail;
}
