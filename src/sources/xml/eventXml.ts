import type { WindowsEvent } from '../windowsEvent.js';
import { parseDatetime } from '../../schema/normalize/datetime.js';
import { child, parseXmlElement, type XmlElement } from './xmlElement.js';

const integer = (text: string | undefined): number | null => {
  if (text === undefined) return null;
  const trimmed = text.trim();
  return /^\d+$/.test(trimmed) ? Number(trimmed) : null;
};

/**
 * Parses the XML of one Windows event (`<Event xmlns=".../win/2004/08/events/event">` with
 * `<System>` and `<EventData>` or `<UserData>`) into a WindowsEvent. EventData `<Data Name="X">`
 * values are keyed by Name; unnamed Data elements get "Data1", "Data2", ...; UserData leaf
 * elements are keyed by their element name. Raises XmlSyntaxError when the XML is not
 * well-formed and Error when the event has no numeric EventID.
 */
export function windowsEventFromXml(source: string): WindowsEvent {
  const event = parseXmlElement(source);
  if (event.name !== 'Event') throw new Error(`root element is <${event.name}>, not <Event>`);
  const system = child(event, 'System');
  if (system === undefined) throw new Error('event has no <System> element');

  const eventId = integer(child(system, 'EventID')?.text);
  if (eventId === null) throw new Error('event has no numeric <EventID>');
  const timeCreated = child(system, 'TimeCreated')?.attributes.SystemTime;

  const data: Record<string, string> = {};
  const eventData = child(event, 'EventData');
  if (eventData !== undefined) {
    let unnamed = 0;
    for (const item of eventData.children) {
      if (item.name !== 'Data') continue;
      const name = item.attributes.Name;
      data[name ?? `Data${++unnamed}`] = item.text;
    }
  }
  const userData = child(event, 'UserData');
  if (userData !== undefined) collectLeaves(userData, data);

  return {
    provider: child(system, 'Provider')?.attributes.Name ?? '',
    eventId,
    version: integer(child(system, 'Version')?.text),
    channel: child(system, 'Channel')?.text.trim() ?? '',
    computer: child(system, 'Computer')?.text.trim() ?? '',
    timeCreated: timeCreated === undefined ? null : parseDatetime(timeCreated),
    recordId: integer(child(system, 'EventRecordID')?.text),
    data,
  };
}

function collectLeaves(element: XmlElement, data: Record<string, string>): void {
  for (const item of element.children) {
    if (item.children.length === 0) data[item.name] = item.text;
    else collectLeaves(item, data);
  }
}
