import type { FlattenPlan } from './flattenPlan.js';
import type { TemplateDefinition } from './templateTable.js';

/** One chunk's bytes plus the caches that are valid only inside it (names and templates). */
export interface ChunkContext {
  /** The 64 KiB chunk; every offset in its BinXml is relative to its start. */
  bytes: Uint8Array;
  view: DataView;
  /** Names by chunk offset. */
  names: Map<number, string>;
  /** Parsed template definitions by chunk offset. */
  templates: Map<number, TemplateDefinition>;
  /** Template definitions being parsed, to reject a template that instantiates itself. */
  templatesInProgress: Set<number>;
  /**
   * Flattening plans by template definition offset, for templates of records and of values
   * embedded among an event's sections; null for a template the plan does not cover.
   */
  recordPlans: Map<number, FlattenPlan | null>;
  sectionPlans: Map<number, FlattenPlan | null>;
}

export function createChunkContext(bytes: Uint8Array): ChunkContext {
  return {
    bytes,
    view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    names: new Map(),
    templates: new Map(),
    templatesInProgress: new Set(),
    recordPlans: new Map(),
    sectionPlans: new Map(),
  };
}
