import { Cursor } from './cursor.js';
import { EvtxFormatError } from './errors.js';
import type { ChunkContext } from './chunkContext.js';
import { chunkHeaderSize } from './chunkHeader.js';
import { formatGuid } from './guid.js';
import { parseStream } from './binxml.js';
import type { Node } from './nodes.js';

/**
 * A template definition, stored once per chunk and referenced by chunk offset:
 *   u32 offset of the next definition in the same hash bucket (0 if none),
 *   16-byte GUID identifying the template, u32 size of the BinXml that follows,
 *   BinXml: fragment header, one element, end of stream.
 * The 32 bucket heads sit in the chunk header at offset 384.
 */
export interface TemplateDefinition {
  offset: number;
  guid: string;
  /** Size of the BinXml after the 24-byte definition header. */
  dataSize: number;
  nodes: Node[];
}

export const templateDefinitionHeaderSize = 24;

/** Returns the template definition at chunk offset `offset`, parsing it once per chunk. */
export function readTemplateDefinition(chunk: ChunkContext, offset: number, depth: number): TemplateDefinition {
  const cached = chunk.templates.get(offset);
  if (cached !== undefined) return cached;
  if (offset < chunkHeaderSize || offset + templateDefinitionHeaderSize > chunk.bytes.length) {
    throw new EvtxFormatError(`template definition offset 0x${offset.toString(16)} is outside the chunk`);
  }
  if (chunk.templatesInProgress.has(offset)) {
    throw new EvtxFormatError(`template definition at 0x${offset.toString(16)} instantiates itself`);
  }
  const guid = formatGuid(chunk.bytes, offset + 4);
  const dataSize = chunk.view.getUint32(offset + 20, true);
  const start = offset + templateDefinitionHeaderSize;
  if (dataSize > chunk.bytes.length - start) {
    throw new EvtxFormatError(
      `template definition at 0x${offset.toString(16)} declares ${dataSize} bytes, more than the chunk holds`,
    );
  }
  chunk.templatesInProgress.add(offset);
  try {
    const nodes = parseStream(chunk, new Cursor(chunk.bytes, chunk.view, start, start + dataSize), depth + 1);
    const definition: TemplateDefinition = { offset, guid, dataSize, nodes };
    chunk.templates.set(offset, definition);
    return definition;
  } finally {
    chunk.templatesInProgress.delete(offset);
  }
}
