import type { Row } from '../schema/types.js';

/** A normalised row and the table it belongs to. */
export interface TableRow {
  table: string;
  row: Row;
}

/** Rows come in batches so that per-row async overhead stays off the hot path. */
export type RowBatches = AsyncIterable<TableRow[]>;
