import type { EvtxRecord } from './chunk.js';
import { isElement, type XmlContent, type XmlElement } from './xmlTree.js';

/** Prologue and root for a document holding many events; XML 1.1 admits the control characters events carry as references. */
export const xmlDocumentStart = '<?xml version="1.1" encoding="utf-8" standalone="yes"?>\n<Events>\n';
export const xmlDocumentEnd = '</Events>\n';

const textEscapes = /[&<>\u0000-\u0008\u000b\u000c\u000e-\u001f]/g;
const attributeEscapes = /[&<>"\u0000-\u001f]/g;

function escapeCharacter(character: string): string {
  switch (character) {
    case '&':
      return '&amp;';
    case '<':
      return '&lt;';
    case '>':
      return '&gt;';
    case '"':
      return '&quot;';
    default:
      return `&#x${character.charCodeAt(0).toString(16)};`;
  }
}

export function escapeText(text: string): string {
  return text.replace(textEscapes, escapeCharacter);
}

export function escapeAttribute(text: string): string {
  return text.replace(attributeEscapes, escapeCharacter);
}

/**
 * Renders a record's event as indented XML, in the layout of Event Viewer's XML view: one element
 * per line, text inline, empty elements self-closed, attributes in stored order.
 */
export function renderRecordXml(record: EvtxRecord): string {
  const lines: string[] = [];
  for (const content of record.content) renderContent(content, 0, lines);
  return lines.join('\n') + '\n';
}

function renderContent(content: XmlContent, depth: number, lines: string[]): void {
  const indent = '  '.repeat(depth);
  if (typeof content === 'string') {
    lines.push(indent + escapeText(content));
  } else if ('cdata' in content) {
    lines.push(`${indent}<![CDATA[${content.cdata.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`);
  } else if ('piTarget' in content) {
    lines.push(`${indent}<?${content.piTarget} ${content.piData}?>`);
  } else {
    renderElement(content, depth, lines);
  }
}

function renderElement(element: XmlElement, depth: number, lines: string[]): void {
  const indent = '  '.repeat(depth);
  let open = `${indent}<${element.name}`;
  for (const attribute of element.attributes) open += ` ${attribute.name}="${escapeAttribute(attribute.value)}"`;
  const children = element.children;
  if (children.length === 0) {
    lines.push(open + '/>');
  } else if (!children.some(isElement)) {
    let inline = '';
    for (const child of children) {
      if (typeof child === 'string') inline += escapeText(child);
      else if ('cdata' in child) inline += `<![CDATA[${child.cdata.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
      else if ('piTarget' in child) inline += `<?${child.piTarget} ${child.piData}?>`;
    }
    lines.push(`${open}>${inline}</${element.name}>`);
  } else {
    lines.push(open + '>');
    for (const child of children) renderContent(child, depth + 1, lines);
    lines.push(`${indent}</${element.name}>`);
  }
}
