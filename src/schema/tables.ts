import { deviceProcessEventsColumns } from './deviceProcessEvents.js';
import { deviceRegistryEventsColumns } from './deviceRegistryEvents.js';
import { deviceFileEventsColumns } from './deviceFileEvents.js';
import { deviceNetworkEventsColumns } from './deviceNetworkEvents.js';
import type { TableSchema } from './types.js';

/** Tables that sources can fill, by the name a query uses. */
export const tableSchemas: ReadonlyMap<string, TableSchema> = new Map([
  ['DeviceProcessEvents', deviceProcessEventsColumns],
  ['DeviceRegistryEvents', deviceRegistryEventsColumns],
  ['DeviceFileEvents', deviceFileEventsColumns],
  ['DeviceNetworkEvents', deviceNetworkEventsColumns],
]);
