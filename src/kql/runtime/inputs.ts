import type { Row } from '../../schema/types.js';
import type { Sink } from './frame.js';

/**
 * The table entry points of connected pipelines. One read of the input feeds every pipeline
 * (every rule, every side of a join): `push` hands a row to each sink registered for its table.
 */
export class InputRegistry {
  private readonly sinksByTable = new Map<string, Sink[]>();

  register(table: string, sink: Sink): void {
    const sinks = this.sinksByTable.get(table);
    if (sinks) sinks.push(sink);
    else this.sinksByTable.set(table, [sink]);
  }

  tables(): string[] {
    return [...this.sinksByTable.keys()];
  }

  /** True when some pipeline reads `table`, so readers can skip work for other tables. */
  wants(table: string): boolean {
    return this.sinksByTable.has(table);
  }

  /**
   * False when no pipeline could use `row` of `table`: every pipeline that reads the table starts
   * with `where` terms that reject it. A pipeline that starts otherwise, or a test that throws,
   * counts as using it, so a reader may drop the rows this rejects without changing any result.
   */
  accepts(table: string, row: Row): boolean {
    const sinks = this.sinksByTable.get(table);
    if (!sinks) return false;
    const frame = { row, ext: [] };
    for (let i = 0; i < sinks.length; i++) {
      const sink = sinks[i]!;
      if (sink.accepts === undefined) return true;
      try {
        if (sink.accepts(frame)) return true;
      } catch {
        return true;
      }
    }
    return false;
  }

  push(table: string, row: Row): void {
    const sinks = this.sinksByTable.get(table);
    if (!sinks) return;
    for (let i = 0; i < sinks.length; i++) sinks[i]!.push({ row, ext: [] });
  }

  /** Ends every pipeline; call once after the last row. */
  end(): void {
    for (const sinks of this.sinksByTable.values()) for (const sink of sinks) sink.end();
  }
}
