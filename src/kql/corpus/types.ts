/** One corpus query with the result table it must give. */
export interface CorpusCase {
  query: string;
  columns: string[];
  /** Expected rows in column order: datetimes and timespans as milliseconds, dynamic values as JSON. */
  rows: unknown[][];
  /** True when the query orders its output (sort, top), so row order is compared too. */
  ordered?: boolean;
  /** The query's clock for ago() and now(); defaults to 2026-12-01T12:00:00Z. */
  now?: number;
}
