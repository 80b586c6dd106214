import type { Row } from '../../schema/types.js';

/**
 * A row on its way through a compiled pipeline. Columns that `extend` adds live in `ext` slots
 * (indexes fixed at compile time), so the source row is shared between rules and never changed.
 */
export interface Frame {
  row: Row;
  ext: unknown[];
}

/** A stage of a push-based pipeline: rows are pushed in, `end` is called once after the last row. */
export interface Sink {
  push(frame: Frame): void;
  end(): void;
  /**
   * Set by a stage that only filters: false when `push(frame)` would drop the frame unchanged,
   * so that nothing downstream could see it. Pure: evaluating it changes no state.
   */
  accepts?(frame: Frame): boolean;
}

/** Reads one value out of a frame. */
export type Evaluator = (frame: Frame) => unknown;
