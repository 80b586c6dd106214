/**
 * One Windows event record reduced to what normalisers read, whatever carried it: an EVTX record,
 * event XML (`wevtutil qe /f:xml`), NXLog flat JSON or winlogbeat JSON. System fields keep the
 * names of the event schema's `<System>` element; `data` holds EventData `<Data Name="...">`
 * values (and UserData leaf elements) keyed by name, as text exactly as the event rendered them.
 */
export interface WindowsEvent {
  /** System/Provider/@Name, e.g. "Microsoft-Windows-Sysmon". */
  provider: string;
  /** System/EventID. */
  eventId: number;
  /** System/Version, or null when the carrier dropped it. */
  version: number | null;
  /** System/Channel, e.g. "Security". */
  channel: string;
  /** System/Computer. */
  computer: string;
  /** System/TimeCreated/@SystemTime as milliseconds since the Unix epoch (UTC), or null. */
  timeCreated: number | null;
  /** System/EventRecordID, or null. */
  recordId: number | null;
  /** EventData values by `Name`; unnamed Data elements get keys "Data1", "Data2", ... */
  data: Record<string, string>;
}
