import type { ReadDiagnostics } from '../diagnostics.js';
import type { TableRow } from '../types.js';
import { normalizeWindowsEvent } from '../../schema/normalize/windowsEvent.js';
import { normalizeEcsEvent, isEcsEvent } from '../../schema/normalize/ecs.js';
import { routeDefenderRow } from '../../schema/normalize/defenderTables.js';
import type { DefenderFileLayout } from '../../schema/normalize/defenderRow.js';
import type { RecordOrigin } from '../../schema/normalize/origin.js';
import { isNxlogEvent, windowsEventFromNxlog, windowsEventFromWinlogbeat, winlogbeatPart } from './windowsJson.js';
import { evtxJsonEvent, windowsEventFromEvtxJson } from './evtxJson.js';

type Doc = Record<string, unknown>;

const streamCategoryPrefix = 'AdvancedHunting-';

const isObject = (value: unknown): value is Doc =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Turns parsed JSON values into rows, whatever their shape: a Defender row; a container of rows
 * (API `{Schema, Results}`, Graph `{schema, results}`, streaming `{records: [...]}`, a JSON
 * array, an Elasticsearch hit's `_source`); a streaming record `{category, properties}`;
 * a Windows event as EVTX-to-JSON output (`lurewatch dump`, the Rust `evtx_dump`), NXLog flat
 * JSON or winlogbeat JSON; or an ECS document. One handler serves one file, and it remembers
 * whether the previous record was a plain Defender row, so that a file of Defender rows pays for
 * two property checks per row instead of the whole cascade.
 */
export class JsonRecordHandler {
  private lastWasDefenderRow = false;
  private readonly layout: DefenderFileLayout = {};
  private readonly origin: RecordOrigin;

  constructor(
    private readonly file: string,
    private readonly diag: ReadDiagnostics,
  ) {
    this.origin = { file };
  }

  /** Adds the rows that `value` (read at `line`, when known) yields to `out`. */
  handle(value: unknown, line: number | undefined, out: TableRow[]): void {
    if (this.lastWasDefenderRow && isObject(value)
      && (value.ActionType !== undefined || value.DeviceName !== undefined)
      && value.records === undefined && value.Results === undefined && value.results === undefined) {
      this.defenderRow(value, line, out);
      return;
    }
    this.lastWasDefenderRow = false;

    if (Array.isArray(value)) {
      for (const item of value) this.handle(item, line, out);
      return;
    }
    if (!isObject(value)) {
      this.diag.eventsRead++;
      this.diag.skip(this.location(line), 'JSON value is not an object');
      return;
    }
    const container = value.records ?? value.Results ?? value.results;
    if (Array.isArray(container)) {
      const schema = value.Schema ?? value.schema;
      for (const item of container) {
        this.handle(Array.isArray(item) && Array.isArray(schema) ? rowFromPositional(item, schema) : item, line, out);
      }
      return;
    }
    if (isObject(value._source)) {
      this.handle(value._source, line, out);
      return;
    }
    if (value.ActionType !== undefined || value.DeviceName !== undefined || value.DeviceId !== undefined) {
      this.defenderRow(value, line, out);
      return;
    }
    this.diag.eventsRead++;
    if (typeof value.category === 'string' && isObject(value.properties)) {
      this.streamRecord(value, value.category, value.properties, line, out);
      return;
    }
    const evtxEvent = evtxJsonEvent(value);
    if (evtxEvent !== null) {
      this.windowsEvent(windowsEventFromEvtxJson(value, evtxEvent), line, out);
      return;
    }
    const winlog = winlogbeatPart(value);
    if (winlog !== null) {
      this.windowsEvent(windowsEventFromWinlogbeat(value, winlog), line, out);
      return;
    }
    if (isNxlogEvent(value)) {
      this.windowsEvent(windowsEventFromNxlog(value), line, out);
      return;
    }
    if (isEcsEvent(value)) {
      this.emit(normalizeEcsEvent(value, this.originAt(line)), out);
      return;
    }
    const keys = Object.keys(value).slice(0, 6).join(', ');
    const where = this.location(line);
    where.at = `${where.at ?? 'record'} with keys ${keys}`;
    this.diag.skip(where, 'JSON record of unknown shape (not Defender, Windows event or ECS)');
  }

  private defenderRow(value: Doc, line: number | undefined, out: TableRow[]): void {
    this.diag.eventsRead++;
    const result = routeDefenderRow(value, this.originAt(line), undefined, this.layout);
    if (typeof result === 'string') {
      this.diag.ignore(result);
      return;
    }
    this.lastWasDefenderRow = true;
    this.diag.countRow(result.table);
    out.push(result);
  }

  /** A Defender streaming API record: the category names the table, `properties` is the row. */
  private streamRecord(record: Doc, category: string, properties: Doc, line: number | undefined, out: TableRow[]): void {
    const table = category.startsWith(streamCategoryPrefix) ? category.slice(streamCategoryPrefix.length) : category;
    if (properties.Timestamp === undefined && record.time !== undefined) properties.Timestamp = record.time;
    const result = routeDefenderRow(properties, this.originAt(line), table, this.layout);
    if (typeof result === 'string') {
      this.diag.ignore(`Defender stream record of ${table} (not a table lurewatch reads)`);
      return;
    }
    this.diag.countRow(result.table);
    out.push(result);
  }

  private windowsEvent(event: ReturnType<typeof windowsEventFromNxlog>, line: number | undefined, out: TableRow[]): void {
    if (event === null) {
      this.diag.skip(this.location(line), 'Windows event without a numeric event ID');
      return;
    }
    this.emit(normalizeWindowsEvent(event, this.originAt(line)), out);
  }

  private emit(result: TableRow | string, out: TableRow[]): void {
    if (typeof result === 'string') {
      this.diag.ignore(result);
      return;
    }
    this.diag.countRow(result.table);
    out.push(result);
  }

  private originAt(line: number | undefined): RecordOrigin {
    return line === undefined ? this.origin : { file: this.file, line };
  }

  private location(line: number | undefined): { file: string; at?: string } {
    return line === undefined ? { file: this.file } : { file: this.file, at: `line ${line}` };
  }
}

/** Builds a row object from a positional result row and its schema (`[{Name|name, ...}]`). */
function rowFromPositional(values: unknown[], schema: unknown[]): Doc {
  const row: Doc = {};
  for (let i = 0; i < schema.length && i < values.length; i++) {
    const column = schema[i];
    const name = isObject(column) ? (column.Name ?? column.name) : column;
    if (typeof name === 'string') row[name] = values[i];
  }
  return row;
}
