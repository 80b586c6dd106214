import type { TemplateDefinition } from './templateTable.js';

/**
 * BinXml parsed into nodes, before substitution. A template definition is parsed once per chunk
 * into these; each record then only reads its substitution values.
 */
export const enum NodeKind {
  element = 1,
  text,
  substitution,
  charRef,
  entityRef,
  cdata,
  pi,
  templateInstance,
}

export interface ElementNode {
  kind: NodeKind.element;
  name: string;
  attributes: AttributeNode[];
  children: Node[];
}

export interface AttributeNode {
  name: string;
  /** Text, substitution, character and entity reference nodes, concatenated. */
  value: Node[];
}

export interface TextNode {
  kind: NodeKind.text;
  text: string;
}

/** Token 0x0d (normal) or 0x0e (optional): a placeholder for value `index` of the template instance. */
export interface SubstitutionNode {
  kind: NodeKind.substitution;
  index: number;
  /** The value type the template declares; the instance's descriptor type wins when they differ. */
  valueType: number;
  optional: boolean;
}

export interface CharRefNode {
  kind: NodeKind.charRef;
  code: number;
}

export interface EntityRefNode {
  kind: NodeKind.entityRef;
  name: string;
}

export interface CDataNode {
  kind: NodeKind.cdata;
  text: string;
}

export interface PiNode {
  kind: NodeKind.pi;
  target: string;
  data: string;
}

/** One substitution value of a template instance: its declared type and where its bytes are in the chunk. */
export interface SubstitutionValue {
  type: number;
  start: number;
  size: number;
}

export interface TemplateInstanceNode {
  kind: NodeKind.templateInstance;
  template: TemplateDefinition;
  values: SubstitutionValue[];
}

export type Node =
  | ElementNode
  | TextNode
  | SubstitutionNode
  | CharRefNode
  | EntityRefNode
  | CDataNode
  | PiNode
  | TemplateInstanceNode;
