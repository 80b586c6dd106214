import type { EvtxRecord } from './chunk.js';
import { eventElement } from './flatten.js';
import { attributeOf, isElement, textOf, type XmlElement } from './xmlTree.js';

type JsonValue = string | JsonObject | JsonValue[];
interface JsonObject {
  [key: string]: JsonValue;
}

/**
 * Converts an element to JSON in the shape common EVTX-to-JSON tools use: attributes under
 * "#attributes", text as the value itself (or "#text" next to attributes), a child name seen
 * twice becomes an array. EventData becomes an object keyed by each Data element's Name.
 */
function elementToJson(element: XmlElement): JsonValue {
  const hasChildElements = element.children.some(isElement);
  const attributes: JsonObject = {};
  for (const attribute of element.attributes) attributes[attribute.name] = attribute.value;
  const hasAttributes = element.attributes.length > 0;
  if (!hasChildElements) {
    const text = textOf(element);
    if (!hasAttributes) return text;
    const object: JsonObject = { '#attributes': attributes };
    if (text !== '') object['#text'] = text;
    return object;
  }
  const object: JsonObject = {};
  if (hasAttributes) object['#attributes'] = attributes;
  for (const child of element.children) {
    if (!isElement(child)) continue;
    const value = child.name === 'EventData' ? eventDataToJson(child) : elementToJson(child);
    addMember(object, child.name, value);
  }
  return object;
}

function addMember(object: JsonObject, key: string, value: JsonValue): void {
  const previous = object[key];
  if (previous === undefined) object[key] = value;
  else if (Array.isArray(previous)) previous.push(value);
  else object[key] = [previous, value];
}

function eventDataToJson(eventData: XmlElement): JsonValue {
  const object: JsonObject = {};
  for (const child of eventData.children) {
    if (!isElement(child)) continue;
    const name = child.name === 'Data' ? attributeOf(child, 'Name') : undefined;
    if (name !== undefined) addMember(object, name, textOf(child));
    else addMember(object, child.name, elementToJson(child));
  }
  return object;
}

/** Renders a record as one JSON line: record id, write time and the event. */
export function renderRecordJson(record: EvtxRecord): string {
  const root = eventElement(record);
  const event: JsonObject = {};
  if (root !== undefined) event[root.name] = elementToJson(root);
  return JSON.stringify({ recordId: record.recordId, written: record.written, ...event });
}
