import { EvtxFormatError } from './errors.js';
import { formatBinary, formatGuid } from './guid.js';
import { formatFiletime } from './filetime.js';
import { formatSystemtime } from './systemtime.js';
import { readSid } from './sid.js';
import { decodeAnsiTrimmed, decodeUtf16, decodeUtf16Trimmed } from './utf16.js';

/** Substitution value types. The flag 0x80 marks an array of the base type. */
export const ValueType = {
  null: 0x00,
  string: 0x01,
  ansiString: 0x02,
  int8: 0x03,
  uint8: 0x04,
  int16: 0x05,
  uint16: 0x06,
  int32: 0x07,
  uint32: 0x08,
  int64: 0x09,
  uint64: 0x0a,
  real32: 0x0b,
  real64: 0x0c,
  bool: 0x0d,
  binary: 0x0e,
  guid: 0x0f,
  sizeT: 0x10,
  filetime: 0x11,
  systemtime: 0x12,
  sid: 0x13,
  hexInt32: 0x14,
  hexInt64: 0x15,
  evtHandle: 0x20,
  binXml: 0x21,
  evtXml: 0x23,
} as const;

export const arrayFlag = 0x80;

/** Byte size of one element of the fixed-size types; 0 for variable-size types. */
const fixedSize: Record<number, number> = {
  [ValueType.int8]: 1,
  [ValueType.uint8]: 1,
  [ValueType.int16]: 2,
  [ValueType.uint16]: 2,
  [ValueType.int32]: 4,
  [ValueType.uint32]: 4,
  [ValueType.int64]: 8,
  [ValueType.uint64]: 8,
  [ValueType.real32]: 4,
  [ValueType.real64]: 8,
  [ValueType.bool]: 4,
  [ValueType.guid]: 16,
  [ValueType.filetime]: 8,
  [ValueType.systemtime]: 16,
  [ValueType.hexInt32]: 4,
  [ValueType.hexInt64]: 8,
};

function u64Text(view: DataView, offset: number, signed: boolean): string {
  const low = view.getUint32(offset, true);
  const high = view.getUint32(offset + 4, true);
  if (high === 0) return String(low);
  return signed ? view.getBigInt64(offset, true).toString() : view.getBigUint64(offset, true).toString();
}

function hexText(view: DataView, offset: number, size: number): string {
  if (size === 4) return '0x' + view.getUint32(offset, true).toString(16);
  const low = view.getUint32(offset, true);
  const high = view.getUint32(offset + 4, true);
  if (high === 0) return '0x' + low.toString(16);
  return '0x' + high.toString(16) + low.toString(16).padStart(8, '0');
}

/**
 * Renders one scalar value of type `type` stored at `bytes[start, start + size)` the way Windows
 * renders event XML: decimal integers, "0x..." lower-case hex for HexInt and size_t, upper-case
 * hex for binary, "{GUID}" upper-case, "true"/"false", ISO 8601 UTC times.
 */
export function formatScalar(bytes: Uint8Array, view: DataView, type: number, start: number, size: number): string {
  const expected = fixedSize[type];
  if (expected !== undefined && size < expected) {
    throw new EvtxFormatError(`value of type 0x${type.toString(16)} needs ${expected} bytes but has ${size}`);
  }
  switch (type) {
    case ValueType.null:
      return '';
    case ValueType.string:
      return decodeUtf16Trimmed(bytes, start, start + size);
    case ValueType.ansiString:
      return decodeAnsiTrimmed(bytes, start, start + size);
    case ValueType.int8:
      return String(view.getInt8(start));
    case ValueType.uint8:
      return String(bytes[start]);
    case ValueType.int16:
      return String(view.getInt16(start, true));
    case ValueType.uint16:
      return String(view.getUint16(start, true));
    case ValueType.int32:
      return String(view.getInt32(start, true));
    case ValueType.uint32:
      return String(view.getUint32(start, true));
    case ValueType.int64:
      return u64Text(view, start, true);
    case ValueType.uint64:
      return u64Text(view, start, false);
    case ValueType.real32:
      return String(view.getFloat32(start, true));
    case ValueType.real64:
      return String(view.getFloat64(start, true));
    case ValueType.bool:
      // Defined as 0 or 1; writers also store other values, which count as true.
      return view.getUint32(start, true) !== 0 ? 'true' : 'false';
    case ValueType.binary:
      return formatBinary(bytes, start, start + size);
    case ValueType.guid:
      return formatGuid(bytes, start);
    case ValueType.sizeT:
      // Pointer-sized: 4 bytes from 32-bit writers, 8 from 64-bit ones.
      if (size !== 4 && size !== 8) throw new EvtxFormatError(`size_t value has ${size} bytes, not 4 or 8`);
      return hexText(view, start, size);
    case ValueType.filetime:
      return formatFiletime(view.getUint32(start, true), view.getUint32(start + 4, true));
    case ValueType.systemtime:
      return formatSystemtime(view, start);
    case ValueType.sid:
      return readSid(bytes, view, start, start + size).text;
    case ValueType.hexInt32:
      return hexText(view, start, 4);
    case ValueType.hexInt64:
      return hexText(view, start, 8);
    case ValueType.evtXml:
      return decodeUtf16Trimmed(bytes, start, start + size);
    default:
      // EvtHandle and undocumented types: keep the bytes visible rather than dropping the value.
      return formatBinary(bytes, start, start + size);
  }
}

/**
 * Splits an array value into its elements' text. String arrays are NUL-separated; SID arrays are
 * SIDs back to back; other types are fixed-size elements.
 */
export function formatArray(bytes: Uint8Array, view: DataView, type: number, start: number, size: number): string[] {
  const base = type & ~arrayFlag;
  const end = start + size;
  const items: string[] = [];
  if (base === ValueType.string) {
    let itemStart = start;
    for (let i = start; i + 1 < end; i += 2) {
      if (bytes[i] === 0 && bytes[i + 1] === 0) {
        items.push(decodeUtf16(bytes, itemStart, i));
        itemStart = i + 2;
      }
    }
    if (itemStart + 1 < end) items.push(decodeUtf16(bytes, itemStart, end - ((end - itemStart) % 2)));
    return items;
  }
  if (base === ValueType.ansiString) {
    let itemStart = start;
    for (let i = start; i < end; i++) {
      if (bytes[i] === 0) {
        items.push(decodeAnsiTrimmed(bytes, itemStart, i));
        itemStart = i + 1;
      }
    }
    if (itemStart < end) items.push(decodeAnsiTrimmed(bytes, itemStart, end));
    return items;
  }
  if (base === ValueType.sid) {
    let offset = start;
    while (offset < end) {
      const sid = readSid(bytes, view, offset, end);
      items.push(sid.text);
      offset += sid.size;
    }
    return items;
  }
  // NOTE: the element width of a size_t array is not stored; 8 bytes is assumed when the size
  // allows it, so an even-length array from a 32-bit writer reads as half as many values.
  let elementSize = fixedSize[base];
  if (base === ValueType.sizeT) elementSize = size % 8 === 0 ? 8 : 4;
  if (elementSize === undefined) {
    throw new EvtxFormatError(`array of value type 0x${base.toString(16)} is not defined`);
  }
  for (let offset = start; offset + elementSize <= end; offset += elementSize) {
    items.push(formatScalar(bytes, view, base, offset, elementSize));
  }
  return items;
}

/** Tells whether the SIDs back to back in `bytes[start, end)` all fit, as readSid checks them. */
function sidsFit(bytes: Uint8Array, start: number, end: number, single: boolean): boolean {
  let offset = start;
  while (offset < end) {
    if (offset + 8 > end) return false;
    offset += 8 + bytes[offset + 1]! * 4;
    if (offset > end) return false;
    if (single) return true;
  }
  return true;
}

/**
 * Tells whether formatScalar (or formatArray, for a type with the array flag) reads the value
 * without throwing, without building its text. BinXml values are parsed, not formatted, so they
 * are not covered and return false.
 */
export function isValueReadable(bytes: Uint8Array, type: number, start: number, size: number): boolean {
  if (type === ValueType.binXml) return false;
  if (type & arrayFlag) {
    const base = type & ~arrayFlag;
    if (base === ValueType.string || base === ValueType.ansiString || base === ValueType.sizeT) return true;
    if (base === ValueType.sid) return sidsFit(bytes, start, start + size, false);
    return fixedSize[base] !== undefined;
  }
  const expected = fixedSize[type];
  if (expected !== undefined) return size >= expected;
  if (type === ValueType.sizeT) return size === 4 || size === 8;
  if (type === ValueType.sid) return sidsFit(bytes, start, start + size, true);
  return true;
}
