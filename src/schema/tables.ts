import { deviceProcessEventsColumns } from './deviceProcessEvents.js';
import type { TableSchema } from './types.js';

/** Tables that sources can fill, by the name a query uses. */
export const tableSchemas: ReadonlyMap<string, TableSchema> = new Map([
  ['DeviceProcessEvents', deviceProcessEventsColumns],
]);
