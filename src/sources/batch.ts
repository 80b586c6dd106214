/**
 * Rows per batch handed to the consumer. Large enough that the per-batch cost of an async
 * iteration step is small beside the rows, small enough to keep memory flat.
 */
export const rowBatchSize = 1024;
