/**
 * A small, lenient XML reader for comparing EVTX renderings in tests: elements, attributes, text
 * and CDATA, with the predefined and numeric character references. It tolerates what
 * python-evtx 0.6 writes: unescaped double quotes inside attribute values (a value ends at a quote
 * followed by another attribute or the end of the tag) and XML 1.1 control characters.
 */
export interface TestXmlElement {
  name: string;
  attributes: Map<string, string>;
  children: TestXmlElement[];
  text: string;
}

const entities: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function decodeReferences(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, body: string) => {
    if (body.startsWith('#x')) return String.fromCodePoint(parseInt(body.slice(2), 16));
    if (body.startsWith('#')) return String.fromCodePoint(parseInt(body.slice(1), 10));
    return entities[body] ?? whole;
  });
}

/** Parses every top-level `Event` element of `xml` (an `<Events>` document or a run of events). */
export function parseEvents(xml: string): TestXmlElement[] {
  const events: TestXmlElement[] = [];
  const stack: TestXmlElement[] = [];
  let pos = 0;
  while (pos < xml.length) {
    const lt = xml.indexOf('<', pos);
    const textEnd = lt < 0 ? xml.length : lt;
    if (stack.length > 0 && textEnd > pos) stack[stack.length - 1]!.text += decodeReferences(xml.slice(pos, textEnd));
    if (lt < 0) break;
    if (xml.startsWith('<?', lt)) {
      pos = xml.indexOf('?>', lt) + 2;
    } else if (xml.startsWith('<![CDATA[', lt)) {
      const end = xml.indexOf(']]>', lt);
      if (stack.length > 0) stack[stack.length - 1]!.text += xml.slice(lt + 9, end);
      pos = end + 3;
    } else if (xml.startsWith('</', lt)) {
      const end = xml.indexOf('>', lt);
      const closed = stack.pop();
      if (closed !== undefined && stack.length === 0 && closed.name === 'Event') events.push(closed);
      pos = end + 1;
    } else {
      pos = parseStartTag(xml, lt, stack, events);
    }
  }
  return events;
}

function parseStartTag(xml: string, lt: number, stack: TestXmlElement[], events: TestXmlElement[]): number {
  const nameMatch = /^<([^\s/>]+)/.exec(xml.slice(lt, lt + 200))!;
  const element: TestXmlElement = { name: nameMatch[1]!, attributes: new Map(), children: [], text: '' };
  let pos = lt + nameMatch[0].length;
  const attributePattern = /\s*([^\s=/>]+)="/y;
  for (;;) {
    attributePattern.lastIndex = pos;
    const match = attributePattern.exec(xml);
    if (match === null) break;
    let end = match.index + match[0].length;
    // The value ends at a quote followed by another attribute or by the end of the tag.
    const closing = /"(?=\s+[^\s=/>]+="|\s*\/?>)/g;
    closing.lastIndex = end;
    const close = closing.exec(xml)!;
    element.attributes.set(match[1]!, decodeReferences(xml.slice(end, close.index)));
    end = close.index + 1;
    pos = end;
  }
  const tagEnd = xml.indexOf('>', pos);
  const selfClosing = xml[tagEnd - 1] === '/';
  const parent = stack[stack.length - 1];
  if (parent !== undefined) parent.children.push(element);
  if (selfClosing) {
    if (parent === undefined && element.name === 'Event') events.push(element);
  } else if (element.name !== 'Events') {
    stack.push(element);
  }
  return tagEnd + 1;
}
