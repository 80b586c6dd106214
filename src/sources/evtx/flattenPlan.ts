import { maxDepth } from './binxml.js';
import { predefinedEntities } from './materialize.js';
import { NodeKind, type AttributeNode, type ElementNode, type Node } from './nodes.js';

/**
 * A text built from a template: constant pieces (strings) and substitution indices (numbers),
 * concatenated in order.
 */
export interface TextPlan {
  parts: Array<string | number>;
  /** The substitution index when the text is exactly one substitution, else -1. */
  sole: number;
}

export const enum StepKind {
  system,
  data,
  embed,
}

export const enum SystemField {
  provider,
  eventId,
  version,
  channel,
  computer,
  timeCreated,
  recordId,
}

/**
 * One System child that flattenRecord reads. Attribute fields (Provider, TimeCreated) list the
 * candidate attributes in the order flattenRecord tries them; the first one present wins.
 */
export interface SystemStep {
  kind: StepKind.system;
  field: SystemField;
  text: TextPlan;
  attributes: TextPlan[];
}

/** One `put` of flattenRecord: an EventData or UserData value under its key. */
export interface DataStep {
  kind: StepKind.data;
  key: string;
  text: TextPlan;
}

/**
 * A substitution among the event element's children. Windows stores most events this way: the
 * record's template contains System, and this value is embedded BinXml, a template instance whose
 * elements (EventData or UserData) become further children of the event element.
 */
export interface EmbedStep {
  kind: StepKind.embed;
  index: number;
  /** Numbers the embed steps of a plan, so a record can keep one loaded instance per step. */
  slot: number;
}

/**
 * Plan of what flattenRecord does with every record of one template, worked out once per template
 * definition: which substitutions fill which System field and which data key. Evaluated against a
 * record's substitution values, it yields the same WindowsEvent without building an element tree.
 */
export interface FlattenPlan {
  /** System steps and embed steps in document order. */
  system: Array<SystemStep | EmbedStep>;
  /** Data steps and embed steps in document order. */
  data: Array<DataStep | EmbedStep>;
  embeds: EmbedStep[];
  /** Every substitution index the template uses, once each; materialize formats all of them. */
  referenced: number[];
  /** Per entry of `referenced`, ValueUse bits. */
  uses: Uint8Array;
}

/** Uses of a substitution in a template, as bits of FlattenPlan.uses. */
export const enum ValueUse {
  /**
   * An array value here would repeat an element in a way the plan does not follow (a System
   * field, an unnamed Data element, a section), so such a record takes the element-tree path.
   */
  arrayUnsafe = 1,
  /** Every use is an embed step, so an embedded BinXml value here is followed. */
  embedOnly = 2,
}

/**
 * Position of a template's elements: a record's template contains the event element, whose
 * children are the sections; an embedded template's elements are themselves sections.
 */
export const enum PlanMode {
  record,
  sections,
}

/**
 * Depth that materialize gives a template's top elements: 1 in a record, 4 in a value embedded
 * among the event element's children (the event element's content is at depth 2, the embedded
 * stream at 3).
 */
const topDepth = { [PlanMode.record]: 1, [PlanMode.sections]: 4 };

/** Depth at which materialize reads the template definition of an embedded value. */
export const embeddedTemplateDepth = 3;

const systemFields: Record<string, SystemField> = {
  Provider: SystemField.provider,
  EventID: SystemField.eventId,
  Version: SystemField.version,
  Channel: SystemField.channel,
  Computer: SystemField.computer,
  TimeCreated: SystemField.timeCreated,
  EventRecordID: SystemField.recordId,
};

/** Thrown inside compilation for a template shape the plan does not cover. */
class Unsupported extends Error {}

/**
 * Compiles the flattening plan of a template definition's nodes, or returns null when the
 * template holds something the plan does not follow (a nested template instance, a Data name
 * filled by a substitution, no element, nesting near the depth limit); records of such a
 * template take the element-tree path.
 */
export function compileFlattenPlan(nodes: Node[], mode: PlanMode): FlattenPlan | null {
  try {
    return new PlanCompiler().compile(nodes, mode);
  } catch (error) {
    if (error instanceof Unsupported) return null;
    throw error;
  }
}

class PlanCompiler {
  private readonly system: Array<SystemStep | EmbedStep> = [];
  private readonly data: Array<DataStep | EmbedStep> = [];
  private readonly embeds: EmbedStep[] = [];
  /** Uses of each substitution index, and how many of them are embed steps. */
  private readonly useCounts = new Map<number, number>();
  private readonly embedCounts = new Map<number, number>();
  /** Elements whose only child is a substitution, by that substitution's index. */
  private readonly soleSubstitutions: Array<{ element: ElementNode; index: number }> = [];
  /** Sole-substitution elements whose array repetition flattenRecord folds into one joined value. */
  private readonly arraySafe = new Set<ElementNode>();

  compile(nodes: Node[], mode: PlanMode): FlattenPlan {
    let root: ElementNode | undefined;
    for (const node of nodes) {
      if (node.kind === NodeKind.element) {
        this.scan(node, topDepth[mode]);
        root ??= node;
      } else if (node.kind !== NodeKind.pi) {
        throw new Unsupported();
      }
    }
    if (root === undefined && mode === PlanMode.record) throw new Unsupported();
    if (mode === PlanMode.record) {
      this.flattenSections(root!.children);
    } else {
      this.flattenSections(nodes);
    }

    const referenced = [...this.useCounts.keys()];
    const unsafe = new Set<number>();
    for (const { element, index } of this.soleSubstitutions) if (!this.arraySafe.has(element)) unsafe.add(index);
    const uses = new Uint8Array(referenced.length);
    for (let i = 0; i < referenced.length; i++) {
      const index = referenced[i]!;
      if (unsafe.has(index)) uses[i]! |= ValueUse.arrayUnsafe;
      if (this.embedCounts.get(index) === this.useCounts.get(index)) uses[i]! |= ValueUse.embedOnly;
    }
    return { system: this.system, data: this.data, embeds: this.embeds, referenced, uses };
  }

  /** Records every substitution and sole-substitution element; `depth` counts as materialize does. */
  private scan(element: ElementNode, depth: number): void {
    // materialize rejects content below an element at the depth limit; leave that to it.
    if (depth >= maxDepth) throw new Unsupported();
    for (const attribute of element.attributes) for (const part of attribute.value) this.scanLeaf(part);
    const only = element.children.length === 1 ? element.children[0]! : undefined;
    if (only !== undefined && only.kind === NodeKind.substitution) {
      this.soleSubstitutions.push({ element, index: only.index });
    }
    for (const child of element.children) {
      if (child.kind === NodeKind.element) this.scan(child, depth + 1);
      else this.scanLeaf(child);
    }
  }

  private scanLeaf(node: Node): void {
    if (node.kind === NodeKind.substitution) this.useCounts.set(node.index, (this.useCounts.get(node.index) ?? 0) + 1);
    else if (node.kind === NodeKind.templateInstance) throw new Unsupported();
  }

  /** The event element's children, as flattenRecord reads them; substitutions among them may embed more. */
  private flattenSections(sections: Node[]): void {
    for (const section of sections) {
      if (section.kind === NodeKind.substitution) {
        const step: EmbedStep = { kind: StepKind.embed, index: section.index, slot: this.embeds.length };
        this.embeds.push(step);
        this.system.push(step);
        this.data.push(step);
        this.embedCounts.set(section.index, (this.embedCounts.get(section.index) ?? 0) + 1);
      }
      if (section.kind !== NodeKind.element) continue;
      if (section.name === 'System') this.flattenSystem(section);
      else if (section.name === 'EventData') this.flattenEventData(section);
      else this.flattenLeaves(section);
    }
  }

  private flattenSystem(system: ElementNode): void {
    for (const field of system.children) {
      if (field.kind !== NodeKind.element) continue;
      const kind = systemFields[field.name];
      if (kind === undefined) continue;
      const attributes =
        kind === SystemField.provider
          ? [...attributePlans(field, 'Name'), ...attributePlans(field, 'EventSourceName')]
          : kind === SystemField.timeCreated
            ? attributePlans(field, 'SystemTime')
            : [];
      this.system.push({ kind: StepKind.system, field: kind, text: textPlan(field), attributes });
    }
  }

  private flattenEventData(eventData: ElementNode): void {
    let unnamed = 0;
    for (const child of eventData.children) {
      if (child.kind !== NodeKind.element) continue;
      if (child.name === 'Data') {
        const name = child.attributes.find((attribute) => attribute.name === 'Name');
        if (name !== undefined) {
          this.data.push({ kind: StepKind.data, key: constantText(name), text: textPlan(child) });
          this.arraySafe.add(child);
        } else {
          // Unnamed Data keys count elements, which an array value would multiply: unsafe.
          this.data.push({ kind: StepKind.data, key: `Data${++unnamed}`, text: textPlan(child) });
        }
      } else if (hasElementChild(child)) {
        this.flattenLeaves(child);
      } else {
        this.data.push({ kind: StepKind.data, key: child.name, text: textPlan(child) });
        this.arraySafe.add(child);
      }
    }
  }

  private flattenLeaves(element: ElementNode): void {
    for (const child of element.children) {
      if (child.kind !== NodeKind.element) continue;
      if (hasElementChild(child)) {
        this.flattenLeaves(child);
      } else {
        this.data.push({ kind: StepKind.data, key: child.name, text: textPlan(child) });
        this.arraySafe.add(child);
      }
    }
  }
}

function hasElementChild(element: ElementNode): boolean {
  for (const child of element.children) if (child.kind === NodeKind.element) return true;
  return false;
}

/** The text textOf reads from an element: its text, value and CDATA children, not child elements. */
function textPlan(element: ElementNode): TextPlan {
  const only = element.children.length === 1 ? element.children[0]! : undefined;
  return plan(element.children, only !== undefined && only.kind === NodeKind.substitution ? only.index : -1);
}

function attributePlans(element: ElementNode, name: string): TextPlan[] {
  const plans: TextPlan[] = [];
  for (const attribute of element.attributes) if (attribute.name === name) plans.push(attributePlan(attribute));
  return plans;
}

/** An attribute whose value is exactly one substitution is left out when that value is NULL. */
function attributePlan(attribute: AttributeNode): TextPlan {
  const parts = attribute.value;
  const only = parts.length === 1 ? parts[0]! : undefined;
  return plan(parts, only !== undefined && only.kind === NodeKind.substitution ? only.index : -1);
}

function constantText(attribute: AttributeNode): string {
  const text = attributePlan(attribute);
  if (text.parts.some((part) => typeof part === 'number')) throw new Unsupported();
  return (text.parts[0] as string | undefined) ?? '';
}

function plan(nodes: Node[], sole: number): TextPlan {
  const parts: Array<string | number> = [];
  const appendConstant = (text: string) => {
    const last = parts.length - 1;
    if (last >= 0 && typeof parts[last] === 'string') parts[last] = (parts[last] as string) + text;
    else parts.push(text);
  };
  for (const node of nodes) {
    switch (node.kind) {
      case NodeKind.text:
        appendConstant(node.text);
        break;
      case NodeKind.cdata:
        appendConstant(node.text);
        break;
      case NodeKind.charRef:
        appendConstant(String.fromCharCode(node.code));
        break;
      case NodeKind.entityRef:
        appendConstant(predefinedEntities[node.name] ?? `&${node.name};`);
        break;
      case NodeKind.substitution:
        parts.push(node.index);
        break;
      case NodeKind.templateInstance:
        throw new Unsupported();
      default:
        // Child elements and processing instructions add no text.
        break;
    }
  }
  return { parts, sole };
}
