import { Readable } from 'node:stream';
import { parse, type CsvError } from 'csv-parse';
import type { ReadDiagnostics } from '../diagnostics.js';
import type { TableRow } from '../types.js';
import { rowBatchSize } from '../batch.js';
import { routeDefenderRow } from '../../schema/normalize/defenderTables.js';
import type { DefenderFileLayout } from '../../schema/normalize/defenderRow.js';

/** Columns of which a Defender export header has at least one. */
const defenderHeaderColumns = ['ActionType', 'DeviceName', 'DeviceId', 'FileName', 'InitiatingProcessFileName'];

/** Raised when a CSV file's header names no Defender column, so the file is not a Defender export. */
export class NotDefenderCsvError extends Error {}

/**
 * Reads a Defender advanced hunting CSV export (the portal's "Export" button: a header row of
 * column names, RFC 4180 quoting, AdditionalFields as JSON text) with csv-parse, streaming, and
 * yields normalised DeviceProcessEvents rows in batches. Rows of other tables that the export
 * mixes in are counted as ignored. A row with the wrong number of columns or broken quoting is
 * skipped and counted with its line; the rest of the file is still read.
 */
export async function* readCsv(
  text: AsyncIterable<string>,
  file: string,
  delimiter: string,
  diag: ReadDiagnostics,
): AsyncGenerator<TableRow[]> {
  const parser = parse({
    bom: true,
    delimiter,
    info: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    columns: (header: string[]) => {
      if (!header.some((name) => defenderHeaderColumns.includes(name.trim()))) {
        throw new NotDefenderCsvError(
          `CSV header has none of the Defender columns ${defenderHeaderColumns.join(', ')} `
          + `(first columns: ${header.slice(0, 5).join(', ')})`,
        );
      }
      return header.map((name) => name.trim());
    },
    on_skip: (error: CsvError | undefined) => {
      diag.eventsRead++;
      const line = error && typeof (error as { lines?: unknown }).lines === 'number'
        ? `line ${(error as unknown as { lines: number }).lines}` : 'unknown line';
      diag.skip({ file, at: line }, error ? csvSkipReason(error) : 'invalid CSV row');
      return undefined;
    },
  });
  Readable.from(text).on('error', (error) => parser.destroy(error)).pipe(parser);

  let batch: TableRow[] = [];
  const layout: DefenderFileLayout = {};
  for await (const item of parser as AsyncIterable<{ record: Record<string, unknown>; info: { lines: number } }>) {
    diag.eventsRead++;
    const record = item.record;
    const result = routeDefenderRow(record, { file, line: item.info.lines }, undefined, layout);
    if (typeof result === 'string') {
      diag.ignore(result);
      continue;
    }
    diag.countRow(result.table);
    batch.push(result);
    if (batch.length >= rowBatchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

function csvSkipReason(error: CsvError): string {
  switch (error.code) {
    case 'CSV_RECORD_INCONSISTENT_COLUMNS':
      return 'CSV row with the wrong number of columns';
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_QUOTE_NOT_CLOSED':
    case 'INVALID_OPENING_QUOTE':
      return 'CSV row with broken quoting';
    default:
      return `invalid CSV row (${error.code})`;
  }
}
