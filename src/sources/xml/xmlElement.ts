/** One element of a parsed XML fragment: local name (prefix dropped), attributes, children, text. */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** Character data directly inside this element, entity references decoded. */
  text: string;
}

/** Raised for input that is not well-formed, with the offset where parsing stopped. */
export class XmlSyntaxError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

const namedEntities: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/**
 * Decodes the five XML named entities and numeric character references. An `&` that starts no
 * valid reference is kept as it is, because `evtxexport -f xml` writes raw `&` in some values.
 */
export function decodeEntities(text: string): string {
  if (text.indexOf('&') === -1) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, body: string) => {
    if (body.charCodeAt(0) === 35 /* # */) {
      const code = body.charCodeAt(1) === 120 ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return namedEntities[body] ?? whole;
  });
}

const localName = (qualified: string): string => {
  const colon = qualified.indexOf(':');
  return colon < 0 ? qualified : qualified.slice(colon + 1);
};

const attributePattern = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/**
 * Parses one XML element (such as one `<Event>`) into a tree. Comments, processing instructions
 * and DOCTYPE are skipped; CDATA is text. Mismatched or unclosed tags raise XmlSyntaxError.
 * This reader is for event XML only: it does not resolve namespaces or DTD entities.
 */
export function parseXmlElement(source: string): XmlElement {
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  let i = 0;
  const n = source.length;
  while (i < n) {
    const lt = source.indexOf('<', i);
    const textEnd = lt === -1 ? n : lt;
    if (textEnd > i && stack.length > 0) stack[stack.length - 1]!.text += decodeEntities(source.slice(i, textEnd));
    if (lt === -1) break;
    i = lt;
    if (source.startsWith('<!--', i)) {
      const end = source.indexOf('-->', i + 4);
      if (end === -1) throw new XmlSyntaxError('comment not closed', i);
      i = end + 3;
    } else if (source.startsWith('<![CDATA[', i)) {
      const end = source.indexOf(']]>', i + 9);
      if (end === -1) throw new XmlSyntaxError('CDATA section not closed', i);
      if (stack.length > 0) stack[stack.length - 1]!.text += source.slice(i + 9, end);
      i = end + 3;
    } else if (source.startsWith('<?', i) || source.startsWith('<!', i)) {
      const end = source.indexOf('>', i + 2);
      if (end === -1) throw new XmlSyntaxError('declaration not closed', i);
      i = end + 1;
    } else if (source.startsWith('</', i)) {
      const end = source.indexOf('>', i + 2);
      if (end === -1) throw new XmlSyntaxError('end tag not closed', i);
      const name = localName(source.slice(i + 2, end).trim());
      const open = stack.pop();
      if (open === undefined) throw new XmlSyntaxError(`end tag </${name}> without a start tag`, i);
      if (open.name !== name) throw new XmlSyntaxError(`expected </${open.name}> but found </${name}>`, i);
      i = end + 1;
      if (stack.length === 0) return open;
    } else {
      const end = findTagEnd(source, i + 1);
      if (end === -1) throw new XmlSyntaxError('start tag not closed', i);
      const selfClosing = source.charCodeAt(end - 1) === 47 /* / */;
      const body = source.slice(i + 1, selfClosing ? end - 1 : end);
      const nameEnd = body.search(/[\s/]|$/);
      const name = localName(body.slice(0, nameEnd));
      if (name.length === 0) throw new XmlSyntaxError('start tag without a name', i);
      const element: XmlElement = { name, attributes: {}, children: [], text: '' };
      attributePattern.lastIndex = nameEnd;
      for (let match = attributePattern.exec(body); match !== null; match = attributePattern.exec(body)) {
        element.attributes[localName(match[1]!)] = decodeEntities(match[2] ?? match[3] ?? '');
      }
      if (stack.length > 0) stack[stack.length - 1]!.children.push(element);
      else if (root === null) root = element;
      else throw new XmlSyntaxError('more than one root element', i);
      i = end + 1;
      if (selfClosing) {
        if (stack.length === 0) return element;
      } else {
        stack.push(element);
      }
    }
  }
  if (stack.length > 0) throw new XmlSyntaxError(`element <${stack[stack.length - 1]!.name}> not closed`, n);
  throw new XmlSyntaxError('no element found', 0);
}

/** Returns the offset of the `>` that ends the tag starting before `from`, skipping quoted values. */
function findTagEnd(source: string, from: number): number {
  let quote = 0;
  for (let i = from; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (quote !== 0) {
      if (c === quote) quote = 0;
    } else if (c === 34 || c === 39) {
      quote = c;
    } else if (c === 62 /* > */) {
      return i;
    } else if (c === 60 /* < */) {
      return -1;
    }
  }
  return -1;
}

/** Returns the first child element with the given local name. */
export function child(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((candidate) => candidate.name === name);
}
