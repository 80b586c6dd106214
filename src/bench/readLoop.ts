import { createReadStream } from 'node:fs';
import { readChunkSize } from '../sources/bytes.js';

/**
 * Runs the baseline that a scan is measured against: reads a JSON lines file in the same large chunks the
 * readers use, decodes it as UTF-8, cuts lines with `indexOf`, and JSON.parses each non-empty
 * line, doing nothing else. Returns the number of lines parsed.
 */
export async function bareReadLoop(path: string): Promise<{ rows: number }> {
  let rows = 0;
  const parse = (line: string): void => {
    if (line.trim().length === 0) return;
    JSON.parse(line);
    rows++;
  };
  // The tail of the previous chunks, kept as parts and joined once a newline ends the line.
  let pending: string[] = [];
  // The same decoder as the readers, so that the comparison measures what a scan adds.
  const decoder = new TextDecoder('utf-8');
  const stream = createReadStream(path, { highWaterMark: readChunkSize });
  for await (const bytes of stream as AsyncIterable<Buffer>) {
    const chunk = decoder.decode(bytes, { stream: true });
    let newline = chunk.indexOf('\n');
    if (newline === -1) {
      pending.push(chunk);
      continue;
    }
    pending.push(chunk.slice(0, newline));
    parse(pending.join(''));
    pending = [];
    let start = newline + 1;
    for (newline = chunk.indexOf('\n', start); newline !== -1; newline = chunk.indexOf('\n', start)) {
      parse(chunk.slice(start, newline));
      start = newline + 1;
    }
    if (start < chunk.length) pending.push(chunk.slice(start));
  }
  pending.push(decoder.decode());
  parse(pending.join(''));
  return { rows };
}
