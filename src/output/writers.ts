import type { RecordSet } from './records.js';
import { jsonValue, textValue, type OutputFormat } from './format.js';
import { renderTable } from './table.js';

/**
 * Quotes a CSV field when it contains a comma, quote, or line break (RFC 4180). A field that
 * starts with `=`, `+`, `@`, a tab or a carriage return gets a leading `'`, so that a spreadsheet
 * shows attacker-controlled text (a command line such as `=HYPERLINK(...)`) instead of running it.
 * NOTE: a leading `-` is left alone, because Sysmon writes `-` for empty fields.
 */
function csvField(text: string): string {
  const safe = /^[=+@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A surrogate half without its partner, which strict JSON parsers (jq) reject. */
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** JSON.stringify replacer that writes a lone surrogate as U+FFFD, as the EVTX reader does. */
function wellFormed(_key: string, value: unknown): unknown {
  return typeof value === 'string' ? value.replace(loneSurrogate, '\uFFFD') : value;
}

/**
 * Characters that change how a terminal shows text without being seen themselves: bidirectional
 * overrides (a right-to-left override makes `Invoice\u202Efdp.exe` look like `Invoiceexe.pdf`),
 * zero-width characters and the byte-order mark. The table shows them as `<U+202E>`.
 */
const invisible = /[\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/g;

function showInvisible(text: string): string {
  return text.replace(invisible, (char) => `<U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}>`);
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
      return set.rows.map((row) => `${JSON.stringify(jsonRecord(set, row), wellFormed)}\n`).join('');
    case 'json':
      return `${JSON.stringify(set.rows.map((row) => jsonRecord(set, row)), wellFormed, 2)}\n`;
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
        set.rows.map((row) => ordered.map((column) => showInvisible(textValue(row[column.name], column.type, true)))),
        width,
      );
    }
  }
}
