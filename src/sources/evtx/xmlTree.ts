/** An event after substitution: plain elements, attributes and text, ready to render or flatten. */
export interface XmlElement {
  name: string;
  attributes: XmlAttribute[];
  children: XmlContent[];
}

export interface XmlAttribute {
  name: string;
  value: string;
}

export interface XmlCData {
  cdata: string;
}

export interface XmlPi {
  piTarget: string;
  piData: string;
}

/** Text is a plain string; adjacent text pieces are merged. */
export type XmlContent = XmlElement | string | XmlCData | XmlPi;

export function isElement(content: XmlContent): content is XmlElement {
  return typeof content === 'object' && 'name' in content;
}

/** Returns the concatenated text children of `element` (CDATA included), not descending into child elements. */
export function textOf(element: XmlElement): string {
  const children = element.children;
  if (children.length === 1 && typeof children[0] === 'string') return children[0];
  let text = '';
  for (const child of children) {
    if (typeof child === 'string') text += child;
    else if ('cdata' in child) text += child.cdata;
  }
  return text;
}

export function attributeOf(element: XmlElement, name: string): string | undefined {
  for (const attribute of element.attributes) if (attribute.name === name) return attribute.value;
  return undefined;
}

export function childElement(element: XmlElement, name: string): XmlElement | undefined {
  for (const child of element.children) if (typeof child === 'object' && 'name' in child && child.name === name) return child;
  return undefined;
}
