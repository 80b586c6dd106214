/**
 * Test-only EVTX writer: builds small, deterministic EVTX files (file header, chunks with their
 * CRC-32s, records, BinXml with templates and substitutions) so that tests can describe exactly
 * which structure is damaged and how. Not used by the product.
 */
import { crc32 } from '../crc32.js';
import { chunkHeaderSize, chunkSize, computeChunkHeaderChecksum } from '../chunkHeader.js';
import { fileHeaderSize } from '../fileHeader.js';
import { ValueType } from '../valueTypes.js';

/** A substitution value: its type byte and stored bytes. */
export interface TestValue {
  type: number;
  bytes: Uint8Array;
}

export function utf16(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    bytes[i * 2] = code & 0xff;
    bytes[i * 2 + 1] = code >> 8;
  }
  return bytes;
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function littleEndian(size: number, value: number | bigint): Uint8Array {
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  if (size === 1) view.setUint8(0, Number(value));
  else if (size === 2) view.setUint16(0, Number(value), true);
  else if (size === 4) view.setUint32(0, Number(value), true);
  else view.setBigUint64(0, BigInt(value), true);
  return bytes;
}

export const values = {
  string: (text: string): TestValue => ({ type: ValueType.string, bytes: utf16(text) }),
  /** A UTF-16 string given as raw bytes, for code units a JS string cannot carry alone. */
  rawString: (bytes: Uint8Array): TestValue => ({ type: ValueType.string, bytes }),
  uint8: (value: number): TestValue => ({ type: ValueType.uint8, bytes: littleEndian(1, value) }),
  uint16: (value: number): TestValue => ({ type: ValueType.uint16, bytes: littleEndian(2, value) }),
  uint32: (value: number): TestValue => ({ type: ValueType.uint32, bytes: littleEndian(4, value) }),
  uint64: (value: number | bigint): TestValue => ({ type: ValueType.uint64, bytes: littleEndian(8, value) }),
  hexInt64: (value: number | bigint): TestValue => ({ type: ValueType.hexInt64, bytes: littleEndian(8, value) }),
  filetime: (date: Date): TestValue => ({ type: ValueType.filetime, bytes: littleEndian(8, dateToFiletime(date)) }),
  guid: (text: string): TestValue => ({ type: ValueType.guid, bytes: guidBytes(text) }),
  sid: (text: string): TestValue => ({ type: ValueType.sid, bytes: sidBytes(text) }),
  null: (): TestValue => ({ type: ValueType.null, bytes: new Uint8Array(0) }),
};

export function dateToFiletime(date: Date): bigint {
  return (BigInt(date.getTime()) + 11644473600000n) * 10000n;
}

function guidBytes(text: string): Uint8Array {
  const hex = text.replace(/[{}-]/g, '');
  const raw = Uint8Array.from({ length: 16 }, (_, i) => parseInt(hex.slice(i * 2, i * 2 + 2), 16));
  const order = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15];
  return Uint8Array.from(order, (index) => raw[index]!);
}

function sidBytes(text: string): Uint8Array {
  const [, revision, authority, ...subAuthorities] = text.split('-');
  const bytes = new Uint8Array(8 + subAuthorities.length * 4);
  const view = new DataView(bytes.buffer);
  bytes[0] = Number(revision);
  bytes[1] = subAuthorities.length;
  view.setUint16(2, 0);
  view.setUint32(4, Number(authority));
  subAuthorities.forEach((value, i) => view.setUint32(8 + i * 4, Number(value), true));
  return bytes;
}

/** An element of a template definition; text parts are literal strings or substitution indexes. */
export interface TemplateElement {
  name: string;
  attributes?: [string, string | { sub: number; optional?: boolean; type?: number }][];
  children?: (TemplateElement | string | { sub: number; optional?: boolean; type?: number })[];
}

/** Writes BinXml into a chunk under construction; every offset it writes is chunk-relative. */
class BinXmlWriter {
  constructor(private readonly chunk: ChunkBuilder) {}

  private get pos(): number {
    return this.chunk.pos;
  }

  bytes(data: Uint8Array): void {
    this.chunk.write(data);
  }

  u8(value: number): void {
    this.bytes(littleEndian(1, value));
  }

  u16(value: number): void {
    this.bytes(littleEndian(2, value));
  }

  u32(value: number): void {
    this.bytes(littleEndian(4, value));
  }

  fragmentHeader(): void {
    this.bytes(Uint8Array.of(0x0f, 0x01, 0x01, 0x00));
  }

  /** Writes a name reference: inline on first use in the chunk, by offset afterwards. */
  name(name: string): void {
    const known = this.chunk.names.get(name);
    if (known !== undefined) {
      this.u32(known);
      return;
    }
    const offset = this.pos + 4;
    this.u32(offset);
    this.chunk.names.set(name, offset);
    this.u32(0);
    this.u16(0); // hash: readers do not check it
    this.u16(name.length);
    this.bytes(utf16(name));
    this.u16(0);
  }

  private part(part: string | { sub: number; optional?: boolean; type?: number }, last: boolean): void {
    if (typeof part === 'string') {
      this.u8(last ? 0x05 : 0x45);
      this.u8(ValueType.string);
      this.u16(part.length);
      this.bytes(utf16(part));
    } else {
      this.u8(part.optional ? 0x0e : 0x0d);
      this.u16(part.sub);
      this.u8(part.type ?? ValueType.string);
    }
  }

  /** Writes an element with its dependency identifier (as template definitions store them). */
  element(element: TemplateElement): void {
    const attributes = element.attributes ?? [];
    const children = element.children ?? [];
    this.u8(attributes.length > 0 ? 0x41 : 0x01);
    this.u16(0xffff);
    const sizeAt = this.pos;
    this.u32(0);
    this.name(element.name);
    if (attributes.length > 0) {
      const listAt = this.pos;
      this.u32(0);
      attributes.forEach(([name, value], i) => {
        this.u8(i < attributes.length - 1 ? 0x46 : 0x06);
        this.name(name);
        this.part(value, true);
      });
      this.chunk.patch32(listAt, this.pos - listAt - 4);
    }
    if (children.length === 0) {
      this.u8(0x03);
    } else {
      this.u8(0x02);
      children.forEach((child, i) => {
        if (typeof child === 'object' && 'name' in child) this.element(child);
        else this.part(child, i === children.length - 1);
      });
      this.u8(0x04);
    }
    this.chunk.patch32(sizeAt, this.pos - sizeAt - 4);
  }

  /**
   * Writes a template instance. The definition is stored inline the first time `key` is used in
   * the chunk and referenced by offset afterwards. `countOverride` replaces the value count.
   */
  templateInstance(key: string, definition: TemplateElement, instanceValues: TestValue[], countOverride?: number): void {
    this.u8(0x0c);
    this.u8(0x01);
    this.u32(0); // template identifier, not used by readers
    const known = this.chunk.templates.get(key);
    if (known !== undefined) {
      this.u32(known);
    } else {
      const offset = this.pos + 4;
      this.u32(offset);
      this.chunk.templates.set(key, offset);
      this.u32(0); // next definition in the bucket
      this.bytes(new Uint8Array(16)); // GUID
      const sizeAt = this.pos;
      this.u32(0);
      this.fragmentHeader();
      this.element(definition);
      this.u8(0x00);
      this.chunk.patch32(sizeAt, this.pos - sizeAt - 4);
    }
    this.u32(countOverride ?? instanceValues.length);
    for (const value of instanceValues) {
      this.u16(value.bytes.length);
      this.u8(value.type);
      this.u8(0);
    }
    for (const value of instanceValues) this.bytes(value.bytes);
  }
}

export interface RecordOptions {
  /** Written instead of the real record size (the size copy still holds the real size unless set). */
  size?: number;
  sizeCopy?: number;
}

export interface ChunkOptions {
  /** Header fields to write instead of the computed ones. */
  lastRecordNumber?: number;
  lastRecordId?: number;
  freeSpaceOffset?: number;
  /** XOR masks applied to the stored CRC-32s, to make them wrong. */
  corruptHeaderChecksum?: boolean;
  corruptRecordsChecksum?: boolean;
}

/** Builds one 64 KiB chunk record by record. */
export class ChunkBuilder {
  readonly bytes = new Uint8Array(chunkSize);
  readonly view = new DataView(this.bytes.buffer);
  pos = chunkHeaderSize;
  readonly names = new Map<string, number>();
  readonly templates = new Map<string, number>();
  private firstRecordId = -1;
  private lastRecordId = -1;
  private lastRecordOffset = chunkHeaderSize;
  private count = 0;

  write(data: Uint8Array): void {
    if (this.pos + data.length > chunkSize) throw new Error('test chunk overflow: write fewer records');
    this.bytes.set(data, this.pos);
    this.pos += data.length;
  }

  patch32(offset: number, value: number): void {
    this.view.setUint32(offset, value, true);
  }

  /** Appends a record whose event is written by `event`. Returns the record's chunk offset. */
  addRecord(recordId: number, written: Date, event: (w: BinXmlWriter) => void, options: RecordOptions = {}): number {
    const start = this.pos;
    const w = new BinXmlWriter(this);
    w.u32(0x00002a2a);
    w.u32(0);
    this.write(littleEndian(8, recordId));
    this.write(littleEndian(8, dateToFiletime(written)));
    event(w);
    w.u32(0);
    const size = this.pos - start;
    this.patch32(start + 4, options.size ?? size);
    this.patch32(this.pos - 4, options.sizeCopy ?? size);
    if (this.firstRecordId < 0) this.firstRecordId = recordId;
    this.lastRecordId = recordId;
    this.lastRecordOffset = start;
    this.count++;
    return start;
  }

  /** Appends raw bytes where a record would go (for records too broken to build normally). */
  addRaw(data: Uint8Array): number {
    const start = this.pos;
    this.write(data);
    return start;
  }

  finish(options: ChunkOptions = {}): Uint8Array {
    const view = this.view;
    this.bytes.set(Uint8Array.of(0x45, 0x6c, 0x66, 0x43, 0x68, 0x6e, 0x6b, 0x00), 0);
    const first = Math.max(this.firstRecordId, 1);
    view.setBigUint64(8, BigInt(first), true);
    view.setBigUint64(16, BigInt(options.lastRecordNumber ?? first + this.count - 1), true);
    view.setBigUint64(24, BigInt(first), true);
    view.setBigUint64(32, BigInt(options.lastRecordId ?? Math.max(this.lastRecordId, first)), true);
    view.setUint32(40, 128, true);
    view.setUint32(44, this.lastRecordOffset, true);
    const freeSpace = options.freeSpaceOffset ?? this.pos;
    view.setUint32(48, freeSpace, true);
    const recordsChecksum = crc32(this.bytes, chunkHeaderSize, Math.min(freeSpace, chunkSize));
    view.setUint32(52, options.corruptRecordsChecksum ? recordsChecksum ^ 0xdeadbeef : recordsChecksum, true);
    view.setUint32(120, 1, true);
    const headerChecksum = computeChunkHeaderChecksum(this.bytes);
    view.setUint32(124, options.corruptHeaderChecksum ? headerChecksum ^ 0x5a5a5a5a : headerChecksum, true);
    return this.bytes;
  }
}

export interface FileOptions {
  /** Chunk count to state in the header; defaults to the number of chunks given. */
  chunkCount?: number;
  nextRecordId?: number;
  dirty?: boolean;
}

/** Joins a file header and 64 KiB blocks (chunks or any other bytes) into an EVTX file. */
export function buildEvtxFile(blocks: Uint8Array[], options: FileOptions = {}): Uint8Array {
  const header = new Uint8Array(fileHeaderSize);
  const view = new DataView(header.buffer);
  header.set(Uint8Array.of(0x45, 0x6c, 0x66, 0x46, 0x69, 0x6c, 0x65, 0x00), 0);
  const chunkCount = options.chunkCount ?? blocks.length;
  view.setBigUint64(8, 0n, true);
  view.setBigUint64(16, BigInt(Math.max(chunkCount - 1, 0)), true);
  view.setBigUint64(24, BigInt(options.nextRecordId ?? 1), true);
  view.setUint32(32, 128, true);
  view.setUint16(36, 1, true);
  view.setUint16(38, 3, true);
  view.setUint16(40, fileHeaderSize, true);
  view.setUint16(42, chunkCount, true);
  view.setUint32(120, options.dirty ? 1 : 0, true);
  view.setUint32(124, crc32(header, 0, 120), true);
  return concat(header, ...blocks.map((block) => {
    if (block.length !== chunkSize) throw new Error(`test block must be ${chunkSize} bytes`);
    return block;
  }));
}

/** The System part and EventData names of a test event. */
export interface TestEvent {
  recordId: number;
  time: Date;
  provider: string;
  providerGuid: string;
  eventId: number;
  channel: string;
  computer: string;
  data: [string, TestValue][];
}

/** Builds the template definition of a Windows event with System and the given EventData names. */
export function eventTemplate(dataNames: string[]): TemplateElement {
  const system: TemplateElement = {
    name: 'System',
    children: [
      { name: 'Provider', attributes: [['Name', { sub: 0 }], ['Guid', { sub: 1, type: ValueType.guid }]] },
      { name: 'EventID', children: [{ sub: 2, type: ValueType.uint16 }] },
      { name: 'Version', children: [{ sub: 3, type: ValueType.uint8 }] },
      { name: 'Level', children: [{ sub: 4, type: ValueType.uint8 }] },
      { name: 'Keywords', children: [{ sub: 5, type: ValueType.hexInt64 }] },
      { name: 'TimeCreated', attributes: [['SystemTime', { sub: 6, type: ValueType.filetime }]] },
      { name: 'EventRecordID', children: [{ sub: 7, type: ValueType.uint64 }] },
      { name: 'Correlation', attributes: [['ActivityID', { sub: 8, optional: true, type: ValueType.guid }]] },
      { name: 'Channel', children: [{ sub: 9 }] },
      { name: 'Computer', children: [{ sub: 10 }] },
      { name: 'Security', attributes: [['UserID', { sub: 11, optional: true, type: ValueType.sid }]] },
    ],
  };
  const eventData: TemplateElement = {
    name: 'EventData',
    children: dataNames.map((name, i) => ({ name: 'Data', attributes: [['Name', name]], children: [{ sub: 12 + i, optional: true }] })),
  };
  return {
    name: 'Event',
    attributes: [['xmlns', 'http://schemas.microsoft.com/win/2004/08/events/event']],
    children: [system, eventData],
  };
}

/** Returns a record writer for `event` using the shared event template (defined once per chunk). */
export function writeEvent(event: TestEvent, countOverride?: number): (w: BinXmlWriter) => void {
  return (w) => {
    const names = event.data.map(([name]) => name);
    w.fragmentHeader();
    w.templateInstance(`event:${names.join(',')}`, eventTemplate(names), [
      values.string(event.provider),
      values.guid(event.providerGuid),
      values.uint16(event.eventId),
      values.uint8(5),
      values.uint8(4),
      values.hexInt64(0x8000000000000000n),
      values.filetime(event.time),
      values.uint64(event.recordId),
      values.null(),
      values.string(event.channel),
      values.string(event.computer),
      values.sid('S-1-5-18'),
      ...event.data.map(([, value]) => value),
    ], countOverride);
    w.u8(0x00);
  };
}

export type { BinXmlWriter };
