/**
 * Event record layout: u32 signature "**\0\0", u32 size (whole record), u64 EventRecordID,
 * u64 FILETIME written, BinXml event, u32 copy of size.
 */
export const recordSignature = 0x00002a2a;
export const recordHeaderSize = 24;
/** Header plus the trailing size copy; a record cannot be smaller. */
export const minRecordSize = 28;

export interface RecordHeader {
  /** Chunk-relative offset of the signature. */
  offset: number;
  size: number;
  recordId: number;
  writtenLow: number;
  writtenHigh: number;
  /** The size copy at the record end differs; seen on the last record of a chunk copied while written. */
  sizeCopyDiffers: boolean;
}

/**
 * Checks the record header at chunk offset `offset` against the chunk's `limit` and returns it,
 * or returns why it is not a usable record (signature or size out of range).
 */
export function readRecordHeader(view: DataView, offset: number, limit: number): RecordHeader | string {
  if (offset + minRecordSize > limit) return 'record header runs past the end of the chunk';
  if (view.getUint32(offset, true) !== recordSignature) return 'record signature is not "**\\0\\0"';
  const size = view.getUint32(offset + 4, true);
  if (size < minRecordSize) return `record size ${size} is below the minimum of ${minRecordSize} bytes`;
  if (size > limit - offset) {
    return `record size ${size} (0x${size.toString(16)}) runs past the end of the chunk`;
  }
  const copy = view.getUint32(offset + size - 4, true);
  return {
    offset,
    size,
    recordId: view.getUint32(offset + 8, true) + view.getUint32(offset + 12, true) * 2 ** 32,
    writtenLow: view.getUint32(offset + 16, true),
    writtenHigh: view.getUint32(offset + 20, true),
    sizeCopyDiffers: copy !== size,
  };
}
