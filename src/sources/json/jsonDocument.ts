import type { ReadDiagnostics } from '../diagnostics.js';
import type { TableRow } from '../types.js';
import { rowBatchSize } from '../batch.js';
import { JsonRecordHandler } from './records.js';
import { lineAndColumn } from './jsonError.js';

/**
 * Reads one whole JSON document (API `{Schema, Results}`, Graph `{schema, results}`, streaming
 * `{records: [...]}` or an array of rows) and yields normalised rows in batches. An invalid
 * document yields nothing and is reported as a skipped record with its line and column.
 * NOTE: the document is held in memory whole, so its size is bounded by V8's maximum string
 * length (about 512 MiB); larger exports need the JSON lines form.
 */
export async function* readJsonDocument(
  text: AsyncIterable<string>,
  file: string,
  diag: ReadDiagnostics,
): AsyncGenerator<TableRow[]> {
  const parts: string[] = [];
  for await (const chunk of text) parts.push(chunk);
  const source = parts.join('');

  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /at position (\d+)/.exec(message);
    const where = position ? lineAndColumn(source, Number(position[1])) : null;
    diag.eventsRead++;
    // Pretty-printed records one after another (`evtx_dump -o json --dont-show-record-number`)
    // are not one JSON document, and JSON lines needs each record on one line.
    const hint = /non-whitespace character after JSON/.test(message)
      ? '; several JSON values follow one another, so write one record per line (JSON lines, e.g. evtx_dump -o jsonl)'
      : '';
    diag.skip(
      { file, at: where ? `line ${where.line}, column ${where.column}` : 'end of document' },
      `invalid JSON document (${message.length > 120 ? `${message.slice(0, 117)}...` : message})${hint}`,
    );
    return;
  }

  const rows: TableRow[] = [];
  new JsonRecordHandler(file, diag).handle(value, undefined, rows);
  for (let i = 0; i < rows.length; i += rowBatchSize) yield rows.slice(i, i + rowBatchSize);
}
