import type { WindowsEvent } from '../windowsEvent.js';
import type { ChunkContext } from './chunkContext.js';
import {
  compileFlattenPlan,
  embeddedTemplateDepth,
  PlanMode,
  StepKind,
  SystemField,
  ValueUse,
  type FlattenPlan,
  type TextPlan,
} from './flattenPlan.js';
import { filetimeToUnixMs } from './filetime.js';
import { parseDatetime } from '../../schema/normalize/datetime.js';
import { recordHeaderSize, type RecordHeader } from './record.js';
import { readTemplateDefinition, templateDefinitionHeaderSize, type TemplateDefinition } from './templateTable.js';
import { Token, baseToken } from './tokens.js';
import { arrayFlag, formatArray, formatScalar, isValueReadable, ValueType } from './valueTypes.js';

/** A 64 KiB chunk has room for at most 16384 substitution descriptors of 4 bytes. */
const maxSubstitutions = 16384;

/** Template instances one record may load: its own and those embedded among its sections. */
const maxInstancesPerRecord = 8;

function planOf(chunk: ChunkContext, template: TemplateDefinition, mode: PlanMode): FlattenPlan | null {
  const plans = mode === PlanMode.record ? chunk.recordPlans : chunk.sectionPlans;
  let plan = plans.get(template.offset);
  if (plan === undefined) {
    plan = compileFlattenPlan(template.nodes, mode);
    plans.set(template.offset, plan);
  }
  return plan;
}

function numberOrNull(text: string): number | null {
  if (text === '') return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

/** The System fields that windowsEventRoute reads, indexed by SystemField. */
const isDispatchField: boolean[] = [];
isDispatchField[SystemField.provider] = true;
isDispatchField[SystemField.channel] = true;
isDispatchField[SystemField.eventId] = true;

/** One loaded template instance: its substitution values and its template's plan. */
class Instance {
  readonly types = new Uint8Array(maxSubstitutions);
  readonly starts = new Int32Array(maxSubstitutions);
  readonly sizes = new Int32Array(maxSubstitutions);
  count = 0;
  plan: FlattenPlan | null = null;
  /** The instance embedded at each embed step, by slot; null where the value embeds nothing. */
  readonly embedded: Array<Instance | null> = [];

  isNull(index: number): boolean {
    return index >= this.count || this.types[index] === ValueType.null;
  }
}

/**
 * Flattens records straight from their template instances, without an element tree: the
 * substitution values go into reused typed arrays, and each template's FlattenPlan says where
 * every value lands. It covers the usual record, a template instance whose values are all
 * readable, with EventData or UserData embedded as a further template instance. For anything
 * else `load` returns false, and the caller takes the element-tree path (materialize, then
 * flattenRecord), which also produces the skip reason when the record is damaged. Both paths
 * yield the same WindowsEvent. Not reentrant: one record at a time per instance.
 */
export class FlatRecordReader {
  private readonly pool: Instance[] = [];
  private used = 0;
  private root: Instance | null = null;
  private chunk: ChunkContext | null = null;

  /**
   * Reads the record's template instance and the instances embedded in it, and checks every
   * value their templates use. Returns false when the record needs the element-tree path.
   */
  load(chunk: ChunkContext, header: RecordHeader): boolean {
    this.chunk = chunk;
    this.used = 0;
    const start = header.offset + recordHeaderSize;
    const end = header.offset + header.size - 4;
    // materialize reads a record's template definition at depth 0.
    this.root = this.loadInstance(start, end, PlanMode.record, 0);
    return this.root !== null;
  }

  /**
   * Loads the BinXml stream `[start, end)` when it is exactly a template instance: an optional
   * fragment header, the instance, then end of stream or the end of the range.
   */
  private loadInstance(start: number, end: number, mode: PlanMode, templateDepth: number): Instance | null {
    if (this.used === maxInstancesPerRecord) return null;
    const chunk = this.chunk!;
    const bytes = chunk.bytes;
    const view = chunk.view;
    let pos = start;

    if (pos < end && baseToken(bytes[pos]!) === Token.fragmentHeader) pos += 4;
    // Template instance: u8 token, u8 unknown, u32 template identifier, u32 definition offset.
    if (pos + 10 > end || baseToken(bytes[pos]!) !== Token.templateInstance) return null;
    const definitionOffset = view.getUint32(pos + 6, true);
    pos += 10;
    let template: TemplateDefinition;
    try {
      template = readTemplateDefinition(chunk, definitionOffset, templateDepth);
    } catch {
      return null;
    }
    if (definitionOffset === pos) pos += templateDefinitionHeaderSize + template.dataSize;
    if (pos + 4 > end) return null;
    const count = view.getUint32(pos, true);
    pos += 4;
    if (count > (end - pos) / 4 || count > maxSubstitutions) return null;

    const instance = this.pool[this.used] ?? new Instance();
    this.pool[this.used++] = instance;
    const { types, starts, sizes } = instance;
    let dataOffset = pos + count * 4;
    for (let i = 0; i < count; i++) {
      const size = view.getUint16(pos, true);
      types[i] = bytes[pos + 2]!;
      starts[i] = dataOffset;
      sizes[i] = size;
      pos += 4;
      dataOffset += size;
    }
    if (dataOffset > end) return null;
    // Anything after the instance other than end of stream is more content: tree path.
    if (dataOffset < end && baseToken(bytes[dataOffset]!) !== Token.endOfStream) return null;
    instance.count = count;

    const plan = planOf(chunk, template, mode);
    if (plan === null) return null;
    instance.plan = plan;
    const { referenced, uses } = plan;
    for (let i = 0; i < referenced.length; i++) {
      const index = referenced[i]!;
      if (index >= count) continue;
      const type = types[index]!;
      if (type === ValueType.null) continue;
      if (type === ValueType.binXml && uses[i]! & ValueUse.embedOnly) continue;
      if (type & arrayFlag && uses[i]! & ValueUse.arrayUnsafe) return null;
      if (!isValueReadable(bytes, type, starts[index]!, sizes[index]!)) return null;
    }

    const embeds = plan.embeds;
    instance.embedded.length = embeds.length;
    for (let i = 0; i < embeds.length; i++) {
      const index = embeds[i]!.index;
      let embedded: Instance | null = null;
      if (index < count && types[index] === ValueType.binXml) {
        const valueStart = starts[index]!;
        embedded = this.loadInstance(valueStart, valueStart + sizes[index]!, PlanMode.sections, embeddedTemplateDepth);
        if (embedded === null) return null;
      }
      instance.embedded[i] = embedded;
    }
    return instance;
  }

  /**
   * Fills the System fields of `event` from the loaded record; with `dispatchOnly`, only
   * provider, channel and event id, which decide whether a normaliser takes the event.
   */
  readSystem(event: WindowsEvent, dispatchOnly = false): void {
    this.readSystemOf(this.root!, event, dispatchOnly);
  }

  /** Fills `data` with the EventData and UserData values of the loaded record. */
  readData(data: Record<string, string>): void {
    this.readDataOf(this.root!, data);
  }

  private readSystemOf(instance: Instance, event: WindowsEvent, dispatchOnly: boolean): void {
    const steps = instance.plan!.system;
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i]!;
      if (step.kind === StepKind.embed) {
        const embedded = instance.embedded[step.slot];
        if (embedded) this.readSystemOf(embedded, event, dispatchOnly);
        continue;
      }
      if (dispatchOnly && !isDispatchField[step.field]) continue;
      // An array value repeats the element; load sent those records to the tree path.
      switch (step.field) {
        case SystemField.provider:
          event.provider = this.firstAttribute(instance, step.attributes) ?? '';
          break;
        case SystemField.eventId:
          // NOTE: a non-numeric EventID (seen only in damaged records) becomes 0.
          event.eventId = this.numberOf(instance, step.text) ?? 0;
          break;
        case SystemField.version:
          event.version = this.numberOf(instance, step.text);
          break;
        case SystemField.channel:
          event.channel = this.text(instance, step.text);
          break;
        case SystemField.computer:
          event.computer = this.text(instance, step.text);
          break;
        case SystemField.timeCreated:
          event.timeCreated = this.timeOf(instance, step.attributes);
          break;
        case SystemField.recordId:
          event.recordId = this.numberOf(instance, step.text) ?? event.recordId;
          break;
      }
    }
  }

  private readDataOf(instance: Instance, data: Record<string, string>): void {
    const steps = instance.plan!.data;
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i]!;
      if (step.kind === StepKind.embed) {
        const embedded = instance.embedded[step.slot];
        if (embedded) this.readDataOf(embedded, data);
        continue;
      }
      const value = this.text(instance, step.text);
      const previous = data[step.key];
      data[step.key] = previous === undefined ? value : `${previous}, ${value}`;
    }
  }

  /** Renders value `index` as materialize does: NULL as '', arrays joined with ", ". */
  private valueText(instance: Instance, index: number): string {
    if (instance.isNull(index)) return '';
    const chunk = this.chunk!;
    const type = instance.types[index]!;
    const start = instance.starts[index]!;
    const size = instance.sizes[index]!;
    if (type & arrayFlag) return formatArray(chunk.bytes, chunk.view, type, start, size).join(', ');
    return formatScalar(chunk.bytes, chunk.view, type, start, size);
  }

  private text(instance: Instance, plan: TextPlan): string {
    const parts = plan.parts;
    if (parts.length === 1) {
      const part = parts[0]!;
      return typeof part === 'string' ? part : this.valueText(instance, part);
    }
    let text = '';
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      text += typeof part === 'string' ? part : this.valueText(instance, part);
    }
    return text;
  }

  /** The first attribute in `plans` that is present (one that is a NULL substitution is left out). */
  private firstAttribute(instance: Instance, plans: TextPlan[]): string | undefined {
    for (let i = 0; i < plans.length; i++) {
      const plan = plans[i]!;
      if (plan.sole >= 0 && instance.isNull(plan.sole)) continue;
      return this.text(instance, plan);
    }
    return undefined;
  }

  /** Number(text) for the text, reading 8 to 32-bit integers directly since their text is decimal. */
  private numberOf(instance: Instance, plan: TextPlan): number | null {
    const sole = plan.sole;
    if (sole >= 0 && sole < instance.count) {
      const view = this.chunk!.view;
      const start = instance.starts[sole]!;
      switch (instance.types[sole]) {
        case ValueType.uint8:
          return view.getUint8(start);
        case ValueType.uint16:
          return view.getUint16(start, true);
        case ValueType.uint32:
          return view.getUint32(start, true);
        case ValueType.int8:
          return view.getInt8(start);
        case ValueType.int16:
          return view.getInt16(start, true);
        case ValueType.int32:
          return view.getInt32(start, true);
      }
    }
    return numberOrNull(this.text(instance, plan));
  }

  /**
   * Milliseconds of the SystemTime attribute. A FILETIME value converts directly, which gives
   * what parseDatetime of its rendered text gives (see filetimeToUnixMs).
   */
  private timeOf(instance: Instance, plans: TextPlan[]): number | null {
    for (let i = 0; i < plans.length; i++) {
      const plan = plans[i]!;
      const sole = plan.sole;
      if (sole >= 0 && instance.isNull(sole)) continue;
      if (sole >= 0 && instance.types[sole] === ValueType.filetime) {
        const view = this.chunk!.view;
        const start = instance.starts[sole]!;
        return filetimeToUnixMs(view.getUint32(start, true), view.getUint32(start + 4, true));
      }
      return parseDatetime(this.text(instance, plan));
    }
    return null;
  }
}
