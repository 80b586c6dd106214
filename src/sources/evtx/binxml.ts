import { Cursor } from './cursor.js';
import { EvtxFormatError } from './errors.js';
import type { ChunkContext } from './chunkContext.js';
import { readNameReference } from './stringTable.js';
import { readTemplateDefinition, templateDefinitionHeaderSize } from './templateTable.js';
import { decodeUtf16 } from './utf16.js';
import { Token, baseToken, tokenMoreFlag } from './tokens.js';
import { NodeKind, type AttributeNode, type ElementNode, type Node, type SubstitutionValue } from './nodes.js';

/** Nesting of elements, template instances and embedded BinXml; real events stay far below it. */
export const maxDepth = 64;

/**
 * Parses a BinXml stream (a record's event, a template definition's body or an embedded BinXml
 * value) into nodes, up to the end-of-stream token or the cursor's end.
 */
export function parseStream(chunk: ChunkContext, cursor: Cursor, depth: number): Node[] {
  if (depth > maxDepth) throw new EvtxFormatError(`BinXml nesting deeper than ${maxDepth}`);
  const nodes: Node[] = [];
  while (cursor.pos < cursor.end) {
    const token = cursor.bytes[cursor.pos]!;
    switch (baseToken(token)) {
      case Token.endOfStream:
        cursor.pos++;
        return nodes;
      case Token.fragmentHeader:
        // u8 token, u8 major version (1), u8 minor version (1), u8 flags.
        cursor.skip(4, 'fragment header');
        break;
      case Token.templateInstance:
        nodes.push(parseTemplateInstance(chunk, cursor, depth));
        break;
      case Token.openStartElement:
        nodes.push(parseElement(chunk, cursor, depth));
        break;
      case Token.piTarget:
        nodes.push(parsePi(chunk, cursor));
        break;
      default:
        throw new EvtxFormatError(
          `unexpected BinXml token 0x${token.toString(16)} at offset 0x${cursor.pos.toString(16)}`,
        );
    }
  }
  return nodes;
}

/**
 * Tells whether the element start at the cursor carries the u16 dependency identifier. Template
 * definitions carry it; elements stored directly in a record or in an embedded BinXml value
 * often do not, and nothing flags which. The layout whose data size fits in the remaining bytes
 * and whose name offset is inline or inside the chunk wins; the identifier is assumed when both fit.
 */
function hasDependencyId(cursor: Cursor): boolean {
  const pos = cursor.pos;
  const fits = (sizeAt: number) => {
    if (sizeAt + 8 > cursor.end) return false;
    const size = cursor.view.getUint32(sizeAt, true);
    const nameOffset = cursor.view.getUint32(sizeAt + 4, true);
    return sizeAt + 4 + size <= cursor.end && nameOffset < cursor.bytes.length;
  };
  if (fits(pos + 3)) return true;
  return !fits(pos + 1);
}

/**
 * Element start: u8 token (0x01, or 0x41 with attributes), u16 dependency identifier,
 * u32 data size, u32 name offset, [u32 attribute list size, attributes], then 0x02 with content
 * and 0x04, or 0x03 for an empty element.
 */
function parseElement(chunk: ChunkContext, cursor: Cursor, depth: number): ElementNode {
  if (depth > maxDepth) throw new EvtxFormatError(`BinXml elements nested deeper than ${maxDepth}`);
  const withDependencyId = hasDependencyId(cursor);
  const token = cursor.u8('element start');
  if (withDependencyId) cursor.skip(2, 'element dependency identifier');
  const dataSize = cursor.u32('element data size');
  if (dataSize > cursor.end - cursor.pos) {
    throw new EvtxFormatError(
      `element at 0x${(cursor.pos - 7).toString(16)} declares ${dataSize} bytes, more than remain`,
    );
  }
  const name = readNameReference(chunk, cursor);
  const attributes: AttributeNode[] = [];
  if (token & tokenMoreFlag) {
    const listSize = cursor.u32('attribute list size');
    cursor.need(listSize, 'attribute list');
    const listEnd = cursor.pos + listSize;
    while (cursor.pos < listEnd && baseToken(cursor.bytes[cursor.pos]!) === Token.attribute) {
      cursor.pos++;
      const attributeName = readNameReference(chunk, cursor);
      attributes.push({ name: attributeName, value: parseValueParts(chunk, cursor, depth) });
    }
  }
  const element: ElementNode = { kind: NodeKind.element, name, attributes, children: [] };
  const close = cursor.u8('element close token');
  if (close === Token.closeEmptyElement) return element;
  if (close !== Token.closeStartElement) {
    throw new EvtxFormatError(
      `element <${name}> has token 0x${close.toString(16)} where 0x02 or 0x03 should close its start`,
    );
  }
  parseContent(chunk, cursor, depth, element.children);
  return element;
}

/** Parses element content up to and including the end element token (0x04). */
function parseContent(chunk: ChunkContext, cursor: Cursor, depth: number, children: Node[]): void {
  for (;;) {
    cursor.need(1, 'element content');
    const token = cursor.bytes[cursor.pos]!;
    switch (baseToken(token)) {
      case Token.endElement:
        cursor.pos++;
        return;
      case Token.openStartElement:
        children.push(parseElement(chunk, cursor, depth + 1));
        break;
      case Token.value:
      case Token.normalSubstitution:
      case Token.optionalSubstitution:
      case Token.charRef:
      case Token.entityRef:
        children.push(parseValuePart(chunk, cursor));
        break;
      case Token.cdataSection: {
        cursor.pos++;
        children.push({ kind: NodeKind.cdata, text: readCountedUtf16(cursor, 'CDATA section') });
        break;
      }
      case Token.piTarget:
        children.push(parsePi(chunk, cursor));
        break;
      case Token.templateInstance:
        children.push(parseTemplateInstance(chunk, cursor, depth + 1));
        break;
      default:
        throw new EvtxFormatError(
          `unexpected BinXml token 0x${token.toString(16)} in element content at offset 0x${cursor.pos.toString(16)}`,
        );
    }
  }
}

/** Parses the value of an attribute: value text, substitution and reference tokens until the next attribute or close. */
function parseValueParts(chunk: ChunkContext, cursor: Cursor, depth: number): Node[] {
  void depth;
  const parts: Node[] = [];
  while (cursor.pos < cursor.end) {
    const base = baseToken(cursor.bytes[cursor.pos]!);
    if (
      base !== Token.value &&
      base !== Token.normalSubstitution &&
      base !== Token.optionalSubstitution &&
      base !== Token.charRef &&
      base !== Token.entityRef
    ) {
      break;
    }
    parts.push(parseValuePart(chunk, cursor));
  }
  return parts;
}

function parseValuePart(chunk: ChunkContext, cursor: Cursor): Node {
  const token = cursor.u8('value token');
  switch (baseToken(token)) {
    case Token.value: {
      // u8 value type (always a string here), u16 character count, UTF-16LE characters.
      cursor.u8('value text type');
      return { kind: NodeKind.text, text: readCountedUtf16(cursor, 'value text') };
    }
    case Token.normalSubstitution:
    case Token.optionalSubstitution: {
      // u16 index into the template instance's values, u8 value type.
      const index = cursor.u16('substitution index');
      const valueType = cursor.u8('substitution value type');
      return { kind: NodeKind.substitution, index, valueType, optional: token === Token.optionalSubstitution };
    }
    case Token.charRef:
      return { kind: NodeKind.charRef, code: cursor.u16('character reference') };
    default:
      return { kind: NodeKind.entityRef, name: readNameReference(chunk, cursor) };
  }
}

/** PI target (0x0a, u32 name offset), usually followed by PI data (0x0b, counted UTF-16). */
function parsePi(chunk: ChunkContext, cursor: Cursor): Node {
  cursor.pos++;
  const target = readNameReference(chunk, cursor);
  let data = '';
  if (cursor.pos < cursor.end && cursor.bytes[cursor.pos] === Token.piData) {
    cursor.pos++;
    data = readCountedUtf16(cursor, 'PI data');
  }
  return { kind: NodeKind.pi, target, data };
}

/** u16 character count then that many UTF-16LE code units. */
function readCountedUtf16(cursor: Cursor, what: string): string {
  const characters = cursor.u16(`${what} length`);
  cursor.need(characters * 2, what);
  const text = decodeUtf16(cursor.bytes, cursor.pos, cursor.pos + characters * 2);
  cursor.pos += characters * 2;
  return text;
}

/**
 * Template instance: u8 token 0x0c, u8 unknown (1), u32 template identifier, u32 definition
 * offset. When the definition offset points right after itself, the definition is stored inline
 * here (first use in the chunk) and is skipped. Then the instance data: u32 value count, count
 * descriptors of u16 size, u8 type, u8 padding, then the values back to back.
 */
function parseTemplateInstance(chunk: ChunkContext, cursor: Cursor, depth: number): Node {
  if (depth > maxDepth) throw new EvtxFormatError(`template instances nested deeper than ${maxDepth}`);
  cursor.skip(2, 'template instance header');
  cursor.u32('template identifier');
  const definitionOffset = cursor.u32('template definition offset');
  const template = readTemplateDefinition(chunk, definitionOffset, depth);
  if (definitionOffset === cursor.pos) {
    cursor.skip(templateDefinitionHeaderSize + template.dataSize, 'inline template definition');
  }
  const count = cursor.u32('substitution count');
  // Each value needs a 4-byte descriptor, so the count is bounded by the bytes left.
  if (count > (cursor.end - cursor.pos) / 4) {
    throw new EvtxFormatError(
      `template instance declares ${count} substitutions, more than the ${cursor.end - cursor.pos} remaining bytes can describe`,
    );
  }
  const values: SubstitutionValue[] = new Array(count);
  let dataOffset = cursor.pos + count * 4;
  for (let i = 0; i < count; i++) {
    const size = cursor.view.getUint16(cursor.pos, true);
    const type = cursor.bytes[cursor.pos + 2]!;
    cursor.pos += 4;
    values[i] = { type, start: dataOffset, size };
    dataOffset += size;
  }
  if (dataOffset > cursor.end) {
    throw new EvtxFormatError(
      `template instance values end at 0x${dataOffset.toString(16)}, past the record end 0x${cursor.end.toString(16)}`,
    );
  }
  cursor.pos = dataOffset;
  return { kind: NodeKind.templateInstance, template, values };
}
