import type { ColumnType, Row } from '../../schema/types.js';
import type { Evaluator, Frame } from '../runtime/frame.js';

/** A column visible to expressions at one point of a pipeline, and how to read it from a frame. */
export interface Column {
  name: string;
  type: ColumnType;
  read: Evaluator;
}

/** The ordered columns at one point of a pipeline, plus how many `ext` slots frames carry there. */
export class Scope {
  private readonly byName = new Map<string, Column>();

  constructor(
    readonly columns: Column[],
    readonly slotCount = 0,
  ) {
    for (const column of columns) this.byName.set(column.name, column);
  }

  get(name: string): Column | undefined {
    return this.byName.get(name);
  }

  names(): string[] {
    return this.columns.map((column) => column.name);
  }

  /** A scope of row columns read straight from `frame.row`, as after project or summarize. */
  static ofRowColumns(columns: Array<{ name: string; type: ColumnType }>): Scope {
    return new Scope(columns.map(({ name, type }) => ({ name, type, read: rowReader(name, type) })));
  }
}

/**
 * Reads a column from the row. String columns are never null in KQL: a missing or null value
 * reads as "". Other missing values read as null.
 */
export function rowReader(name: string, type: ColumnType): Evaluator {
  if (type === 'string') {
    return (frame: Frame) => {
      const value = frame.row[name];
      return typeof value === 'string' ? value : value === null || value === undefined ? '' : String(value);
    };
  }
  return (frame: Frame) => frame.row[name] ?? null;
}

/** Builds a function that copies a frame's visible columns into a new row object, in scope order. */
export function materializer(scope: Scope): (frame: Frame) => Row {
  const columns = scope.columns;
  return (frame: Frame) => {
    const row: Row = {};
    for (const column of columns) row[column.name] = column.read(frame);
    return row;
  };
}
