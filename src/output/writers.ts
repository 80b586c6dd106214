import type { RecordSet } from './records.js';
import { jsonValue, textValue, type OutputFormat } from './format.js';
import { renderTable } from './table.js';

/** Quotes a CSV field when it contains a comma, quote, or line break (RFC 4180). */
function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function jsonRecord(set: RecordSet, row: Record<string, unknown>): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const column of set.columns) record[column.name] = jsonValue(row[column.name], column.type);
  return record;
}

/** Renders a record set in `format`; `width` is the terminal width for tables. */
export function renderRecords(set: RecordSet, format: OutputFormat, width: number, tableColumns?: string[]): string {
  switch (format) {
    case 'jsonl':
      return set.rows.map((row) => `${JSON.stringify(jsonRecord(set, row))}\n`).join('');
    case 'json':
      return `${JSON.stringify(set.rows.map((row) => jsonRecord(set, row)), null, 2)}\n`;
    case 'csv': {
      const header = set.columns.map((column) => csvField(column.name)).join(',');
      const lines = set.rows.map((row) => set.columns.map((column) => csvField(textValue(row[column.name], column.type))).join(','));
      return `${[header, ...lines].join('\r\n')}\r\n`;
    }
    case 'table': {
      const columns = tableColumns ? set.columns.filter((column) => tableColumns.includes(column.name)) : set.columns;
      const ordered = tableColumns ? tableColumns.map((name) => columns.find((column) => column.name === name)).filter((c) => c !== undefined) : columns;
      return renderTable(
        ordered.map((column) => column.name),
        set.rows.map((row) => ordered.map((column) => textValue(row[column.name], column.type, true))),
        width,
      );
    }
  }
}
