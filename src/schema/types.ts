/** KQL scalar types that a table column can have. */
export type ColumnType = 'string' | 'bool' | 'int' | 'long' | 'real' | 'datetime' | 'timespan' | 'dynamic' | 'guid';

/**
 * One row of a normalised table. Values follow the column type: string columns hold strings and
 * are never missing (a missing value is ""), numbers are JS numbers or null, datetime values are
 * milliseconds since 1970-01-01 UTC (fractions keep sub-millisecond ticks) or null, bool is a
 * boolean or null, dynamic is parsed JSON or null.
 */
export type Row = Record<string, unknown>;

/** A table's columns in schema order. */
export type TableSchema = ReadonlyArray<readonly [string, ColumnType]>;
