import type { WindowsEvent } from '../windowsEvent.js';
import type { EvtxRecord } from './chunk.js';
import { parseDatetime } from '../../schema/normalize/datetime.js';
import { attributeOf, isElement, textOf, type XmlElement } from './xmlTree.js';

/** Finds the `Event` element of a record, whatever comes before it. */
export function eventElement(record: Pick<EvtxRecord, 'content'>): XmlElement | undefined {
  for (const content of record.content) if (isElement(content)) return content;
  return undefined;
}

function numberOrNull(text: string | undefined): number | null {
  if (text === undefined || text === '') return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

/**
 * Reduces a record to the flat WindowsEvent that normalisers read: the System fields, and the
 * EventData `Data` values by `Name` (unnamed ones as Data1, Data2, ...; other EventData children
 * such as `Binary` by element name). Under UserData and other payload elements every leaf
 * element's text is kept by its element name. A name seen twice (an array value rendered as
 * repeated elements) keeps all values, joined with ", ".
 */
export function flattenRecord(record: Pick<EvtxRecord, 'recordId' | 'content'>): WindowsEvent {
  const event: WindowsEvent = {
    provider: '',
    eventId: 0,
    version: null,
    channel: '',
    computer: '',
    timeCreated: null,
    recordId: record.recordId,
    data: {},
  };
  const root = eventElement(record);
  if (root === undefined) return event;
  for (const section of root.children) {
    if (!isElement(section)) continue;
    if (section.name === 'System') readSystem(section, event);
    else if (section.name === 'EventData') readEventData(section, event.data);
    else readLeaves(section, event.data);
  }
  return event;
}

function readSystem(system: XmlElement, event: WindowsEvent): void {
  for (const field of system.children) {
    if (!isElement(field)) continue;
    switch (field.name) {
      case 'Provider':
        event.provider = attributeOf(field, 'Name') ?? attributeOf(field, 'EventSourceName') ?? '';
        break;
      case 'EventID':
        // NOTE: a non-numeric EventID (seen only in damaged records) becomes 0.
        event.eventId = numberOrNull(textOf(field)) ?? 0;
        break;
      case 'Version':
        event.version = numberOrNull(textOf(field));
        break;
      case 'Channel':
        event.channel = textOf(field);
        break;
      case 'Computer':
        event.computer = textOf(field);
        break;
      case 'TimeCreated': {
        const time = attributeOf(field, 'SystemTime');
        event.timeCreated = time === undefined ? null : parseDatetime(time);
        break;
      }
      case 'EventRecordID':
        event.recordId = numberOrNull(textOf(field)) ?? event.recordId;
        break;
    }
  }
}

function put(data: Record<string, string>, key: string, value: string): void {
  const previous = data[key];
  data[key] = previous === undefined ? value : `${previous}, ${value}`;
}

function readEventData(eventData: XmlElement, data: Record<string, string>): void {
  let unnamed = 0;
  for (const child of eventData.children) {
    if (!isElement(child)) continue;
    if (child.name === 'Data') {
      const name = attributeOf(child, 'Name');
      put(data, name ?? `Data${++unnamed}`, textOf(child));
    } else if (child.children.some(isElement)) {
      readLeaves(child, data);
    } else {
      put(data, child.name, textOf(child));
    }
  }
}

function readLeaves(element: XmlElement, data: Record<string, string>): void {
  for (const child of element.children) {
    if (!isElement(child)) continue;
    if (child.children.some(isElement)) readLeaves(child, data);
    else put(data, child.name, textOf(child));
  }
}
