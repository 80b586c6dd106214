import type { WindowsEvent } from '../windowsEvent.js';
import { parseDatetime } from '../../schema/normalize/datetime.js';

type Doc = Record<string, unknown>;

const isObject = (value: unknown): value is Doc =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Key of an element's attributes in the element's own object. The Rust `evtx_dump` (evtx crate)
 * and `lurewatch dump` use it. With `--separate-json-attributes`, `evtx_dump` puts them in a
 * sibling member `<Element>_attributes` instead.
 */
const attributesKey = '#attributes';
const separateAttributesSuffix = '_attributes';
/** Key of an element's text in its object when the element also has attributes. */
const textKey = '#text';

/**
 * Returns the `Event` object of a record written by an EVTX-to-JSON converter: `lurewatch dump`
 * (`{recordId, written, Event}`), the Rust `evtx_dump -o jsonl` (`{Event}`) or golang-evtx's
 * `evtxdump`. Each mirrors the event XML, so `Event.System` is an object. Returns null for any
 * other document.
 */
export function evtxJsonEvent(doc: Doc): Doc | null {
  const event = doc.Event;
  return isObject(event) && isObject(event.System) ? event : null;
}

/**
 * Reduces an EVTX-to-JSON record to the WindowsEvent that the EVTX reader gives for the same
 * record, so both reach the same table rows. Numbers, booleans and null (how the Rust evtx crate
 * writes typed values and empty elements) become the text the event XML shows, with null as "".
 * An array value (a repeated element or an array substitution) is joined with ", ", as the EVTX
 * reader does. Unnamed EventData `Data` values become Data1, Data2, ... whether they come as one
 * value, an array, or `{"#text": [...]}`. Leaf elements under UserData and other sections are
 * kept by element name. Returns null when System/EventID is not a non-negative integer.
 * NOTE: JSON.parse keeps integers exactly only up to 2^53, so a larger uint64 value written as a
 * JSON number loses its low digits. The evtx crate writes the hexadecimal ids (LogonId) as text.
 */
export function windowsEventFromEvtxJson(doc: Doc, event: Doc): WindowsEvent | null {
  const system = event.System as Doc;
  const eventId = integerOf(elementText(system.EventID));
  if (eventId === null) return null;

  const provider = attributesOf(system, 'Provider');
  const timeCreated = attributesOf(system, 'TimeCreated')?.SystemTime;
  const data: Record<string, string> = {};
  for (const section in event) {
    if (section === 'System' || isAttributes(section, event[section])) continue;
    if (section === 'EventData') readEventData(event.EventData, data);
    else readLeaves(event[section], data);
  }

  return {
    provider: valueText(provider?.Name ?? provider?.EventSourceName),
    eventId,
    version: integerOf(elementText(system.Version)),
    channel: elementText(system.Channel),
    computer: elementText(system.Computer),
    timeCreated: typeof timeCreated === 'string' ? parseDatetime(timeCreated) : null,
    recordId: integerOf(elementText(system.EventRecordID)) ?? integerOf(valueText(doc.recordId)),
    data,
  };
}

/** Tells whether a member is an element's attributes: `#attributes`, or an object named `<Element>_attributes`. */
function isAttributes(key: string, value: unknown): boolean {
  return key === attributesKey || (key.endsWith(separateAttributesSuffix) && isObject(value));
}

/**
 * Returns the attributes of System child `name`: under `#attributes`, in the sibling
 * `<name>_attributes`, or the members of the element object itself, as golang-evtx writes them
 * (`"TimeCreated": {"SystemTime": "..."}`).
 */
function attributesOf(system: Doc, name: string): Doc | undefined {
  const element = system[name];
  if (isObject(element) && isObject(element[attributesKey])) return element[attributesKey];
  const separate = system[name + separateAttributesSuffix];
  if (isObject(separate)) return separate;
  return isObject(element) ? element : undefined;
}

/** Text of a JSON value as the event XML shows it: null and undefined as "", arrays joined with ", ". */
function valueText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(valueText).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/**
 * Text of a System element: the value itself, or its `#text` member when it also has attributes
 * (`"EventID": {"#attributes": {"Qualifiers": 16384}, "#text": 1}`). The Go tool fox writes
 * that text as `Value` beside `Qualifiers`.
 */
function elementText(element: unknown): string {
  if (!isObject(element)) return valueText(element);
  return valueText(element[textKey] ?? element.Value);
}

function integerOf(text: string): number | null {
  const trimmed = text.trim();
  return /^\d+$/.test(trimmed) ? Number(trimmed) : null;
}

function put(data: Record<string, string>, key: string, value: string): void {
  const previous = data[key];
  data[key] = previous === undefined ? value : `${previous}, ${value}`;
}

function readEventData(eventData: unknown, data: Record<string, string>): void {
  if (!isObject(eventData)) return;
  for (const key in eventData) {
    const value = eventData[key];
    if (isAttributes(key, value)) continue;
    if (key === 'Data') readUnnamedData(value, data);
    else readLeaf(key, value, data);
  }
}

/**
 * Numbers the values of unnamed Data elements Data1, Data2, ..., as the EVTX reader does. They
 * come as one value, an array of values, or an object whose `#text` is either.
 */
function readUnnamedData(value: unknown, data: Record<string, string>): void {
  const texts = isObject(value) ? value[textKey] : value;
  const items = Array.isArray(texts) ? texts : [texts];
  let unnamed = 0;
  for (const item of items) put(data, `Data${++unnamed}`, elementText(item));
}

/**
 * Keeps the text of the element `key` when it is a leaf, else the leaves under it by their own
 * names. A leaf is a plain value, an object with `#text`, or an object that has only attributes
 * (an empty element, kept as "").
 */
function readLeaf(key: string, value: unknown, data: Record<string, string>): void {
  if (Array.isArray(value)) {
    for (const item of value) readLeaf(key, item, data);
    return;
  }
  if (!isObject(value)) {
    put(data, key, valueText(value));
    return;
  }
  if (value[textKey] !== undefined) {
    put(data, key, valueText(value[textKey]));
    return;
  }
  const children = Object.keys(value).filter((child) => !isAttributes(child, value[child]));
  if (children.length === 0) put(data, key, '');
  else for (const child of children) readLeaf(child, value[child], data);
}

/**
 * Keeps every leaf element under a section such as UserData by its element name.
 * NOTE: the evtx crate can write a repeated element as `Header`, `Header_1`, ..., and those stay
 * separate keys here where the EVTX reader joins them under `Header`. The events lurewatch maps
 * to rows carry EventData, not UserData.
 */
function readLeaves(section: unknown, data: Record<string, string>): void {
  if (!isObject(section)) return;
  for (const key in section) {
    if (!isAttributes(key, section[key])) readLeaf(key, section[key], data);
  }
}
