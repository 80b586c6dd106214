import { Cursor } from './cursor.js';
import type { ChunkContext } from './chunkContext.js';
import { maxDepth, parseStream } from './binxml.js';
import { EvtxFormatError } from './errors.js';
import { NodeKind, type ElementNode, type Node, type SubstitutionValue } from './nodes.js';
import { arrayFlag, formatArray, formatScalar, ValueType } from './valueTypes.js';
import type { XmlAttribute, XmlContent, XmlElement } from './xmlTree.js';

/** The five entities XML predefines; other entity names are kept as "&name;" text. */
export const predefinedEntities: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/**
 * Applies substitution `values` to parsed BinXml `nodes` and returns plain XML content.
 * An optional or normal substitution whose value is NULL leaves an attribute out and an element
 * empty. An element whose only content is an array value is repeated once per array element,
 * as Windows renders it. Embedded BinXml values are parsed and inserted in place.
 */
export function materialize(
  chunk: ChunkContext,
  nodes: Node[],
  values: SubstitutionValue[] | null,
  depth: number,
): XmlContent[] {
  const out: XmlContent[] = [];
  appendNodes(chunk, nodes, values, depth, out);
  return out;
}

function appendText(out: XmlContent[], text: string): void {
  if (text === '') return;
  const last = out.length - 1;
  if (last >= 0 && typeof out[last] === 'string') out[last] = (out[last] as string) + text;
  else out.push(text);
}

function appendNodes(
  chunk: ChunkContext,
  nodes: Node[],
  values: SubstitutionValue[] | null,
  depth: number,
  out: XmlContent[],
): void {
  if (depth > maxDepth) throw new EvtxFormatError(`BinXml nesting deeper than ${maxDepth}`);
  for (const node of nodes) {
    switch (node.kind) {
      case NodeKind.element:
        appendElement(chunk, node, values, depth, out);
        break;
      case NodeKind.text:
        appendText(out, node.text);
        break;
      case NodeKind.substitution: {
        const value = values?.[node.index];
        if (value === undefined || value.type === ValueType.null) break;
        if (value.type === ValueType.binXml) {
          const embedded = parseStream(chunk, new Cursor(chunk.bytes, chunk.view, value.start, value.start + value.size), depth + 1);
          appendNodes(chunk, embedded, null, depth + 1, out);
        } else {
          appendText(out, substitutionText(chunk, value));
        }
        break;
      }
      case NodeKind.charRef:
        appendText(out, String.fromCharCode(node.code));
        break;
      case NodeKind.entityRef:
        appendText(out, predefinedEntities[node.name] ?? `&${node.name};`);
        break;
      case NodeKind.cdata:
        out.push({ cdata: node.text });
        break;
      case NodeKind.pi:
        out.push({ piTarget: node.target, piData: node.data });
        break;
      case NodeKind.templateInstance:
        appendNodes(chunk, node.template.nodes, node.values, depth + 1, out);
        break;
    }
  }
}

/** Renders a non-BinXml substitution value as text; arrays are joined with ", ". */
function substitutionText(chunk: ChunkContext, value: SubstitutionValue): string {
  if (value.type & arrayFlag) return formatArray(chunk.bytes, chunk.view, value.type, value.start, value.size).join(', ');
  return formatScalar(chunk.bytes, chunk.view, value.type, value.start, value.size);
}

function appendElement(
  chunk: ChunkContext,
  node: ElementNode,
  values: SubstitutionValue[] | null,
  depth: number,
  out: XmlContent[],
): void {
  const attributes: XmlAttribute[] = [];
  for (const attribute of node.attributes) {
    const parts = attribute.value;
    if (parts.length === 1 && parts[0]!.kind === NodeKind.substitution) {
      const value = values?.[parts[0]!.index];
      if (value === undefined || value.type === ValueType.null) continue;
    }
    const rendered: XmlContent[] = [];
    appendNodes(chunk, parts, values, depth + 1, rendered);
    let text = '';
    for (const piece of rendered) if (typeof piece === 'string') text += piece;
    attributes.push({ name: attribute.name, value: text });
  }

  const only = node.children.length === 1 ? node.children[0]! : undefined;
  if (only !== undefined && only.kind === NodeKind.substitution) {
    const value = values?.[only.index];
    if (value !== undefined && value.type & arrayFlag) {
      const items = formatArray(chunk.bytes, chunk.view, value.type, value.start, value.size);
      if (items.length === 0) out.push({ name: node.name, attributes, children: [] });
      for (const item of items) out.push({ name: node.name, attributes, children: item === '' ? [] : [item] });
      return;
    }
  }

  const element: XmlElement = { name: node.name, attributes, children: [] };
  appendNodes(chunk, node.children, values, depth + 1, element.children);
  out.push(element);
}
