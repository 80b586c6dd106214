import type { WindowsEvent } from '../windowsEvent.js';
import { toDatetime } from '../../schema/normalize/datetime.js';

type Doc = Record<string, unknown>;

/**
 * Keys that NXLog's im_msvistalog and the shippers after it (Logstash, Kafka) add around the
 * EventData fields of a flat JSON event. They describe the record, not the event, so they are
 * kept out of `data`. `Domain`, `AccountName`, `UserID` and `AccountType` are the account of the
 * logging service (for Sysmon: SYSTEM), not the process owner, which is EventData `User`.
 */
const nxlogEnvelopeKeys = new Set([
  'EventID', 'SourceName', 'ProviderGuid', 'Channel', 'Hostname', 'TimeCreated', '@timestamp',
  'EventTime', 'EventReceivedTime', 'RecordNumber', 'EventRecordID', 'Version', 'Level', 'Task',
  'Keywords', 'Message', 'Opcode', 'OpcodeValue', 'Severity', 'SeverityValue', 'Category',
  'EventType', 'SourceModuleName', 'SourceModuleType', 'ExecutionProcessID', 'ThreadID',
  'Domain', 'AccountName', 'UserID', 'AccountType', 'port', '@version', 'tags', 'host', 'type',
]);

const asText = (value: unknown): string =>
  typeof value === 'string' ? value : value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);

const asInteger = (value: unknown): number | null => {
  if (typeof value === 'number') return Number.isInteger(value) ? value : null;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return null;
};

/** Returns true for NXLog-style flat JSON: `EventID` beside `SourceName`, `Channel` or `ProviderGuid`. */
export function isNxlogEvent(doc: Doc): boolean {
  return doc.EventID !== undefined
    && (doc.SourceName !== undefined || doc.Channel !== undefined || doc.ProviderGuid !== undefined);
}

/**
 * Reduces an NXLog flat JSON event to a WindowsEvent: every key outside the envelope is an
 * EventData value by name. Time comes from `TimeCreated`, else `@timestamp` (the shipper's
 * time, seconds later). NOTE: NXLog's own `EventTime` is local time without a zone, so it is
 * not used.
 */
export function windowsEventFromNxlog(doc: Doc): WindowsEvent | null {
  const eventId = asInteger(doc.EventID);
  if (eventId === null) return null;
  const data: Record<string, string> = {};
  for (const key in doc) {
    if (!nxlogEnvelopeKeys.has(key)) data[key] = asText(doc[key]);
  }
  return {
    provider: asText(doc.SourceName),
    eventId,
    version: asInteger(doc.Version),
    channel: asText(doc.Channel),
    computer: asText(doc.Hostname),
    timeCreated: toDatetime(doc.TimeCreated) ?? toDatetime(doc['@timestamp']),
    recordId: asInteger(doc.RecordNumber ?? doc.EventRecordID),
    data,
  };
}

/**
 * Returns the winlogbeat part of a document: the `winlog` object (winlogbeat 7 and later) or the
 * document itself when it has `event_data` or `event_id` at the top (winlogbeat 6). Null when
 * the document is not winlogbeat output.
 */
export function winlogbeatPart(doc: Doc): Doc | null {
  const winlog = doc.winlog;
  if (winlog !== null && typeof winlog === 'object' && !Array.isArray(winlog)) {
    const part = winlog as Doc;
    if (part.event_id !== undefined) return part;
  }
  if (doc.event_id !== undefined && (doc.event_data !== undefined || doc.source_name !== undefined || doc.provider_name !== undefined)) {
    return doc;
  }
  return null;
}

/**
 * Reduces a winlogbeat event to a WindowsEvent: `event_data` (and `user_data`) hold the EventData
 * values by name; `@timestamp` is the event's TimeCreated, which winlogbeat copies there.
 */
export function windowsEventFromWinlogbeat(doc: Doc, part: Doc): WindowsEvent | null {
  const eventId = asInteger(part.event_id);
  if (eventId === null) return null;
  const data: Record<string, string> = {};
  for (const section of [part.event_data, part.user_data]) {
    if (section === null || typeof section !== 'object' || Array.isArray(section)) continue;
    const values = section as Doc;
    for (const key in values) data[key] = asText(values[key]);
  }
  return {
    provider: asText(part.provider_name ?? part.source_name),
    eventId,
    version: asInteger(part.version ?? doc.version),
    channel: asText(part.channel ?? part.log_name),
    computer: asText(part.computer_name),
    timeCreated: toDatetime(doc['@timestamp']),
    recordId: asInteger(part.record_id ?? part.record_number),
    data,
  };
}
