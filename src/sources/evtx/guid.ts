/**
 * GUID: u32 Data1, u16 Data2, u16 Data3 (little-endian), then 8 bytes in stored order.
 * Rendered as Windows does: braces, upper-case hex.
 */
export function formatGuid(bytes: Uint8Array, offset: number): string {
  const hex = (index: number) => hexByte[bytes[offset + index]!]!;
  return (
    '{' +
    hex(3) + hex(2) + hex(1) + hex(0) + '-' +
    hex(5) + hex(4) + '-' +
    hex(7) + hex(6) + '-' +
    hex(8) + hex(9) + '-' +
    hex(10) + hex(11) + hex(12) + hex(13) + hex(14) + hex(15) +
    '}'
  );
}

export const hexByte: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).toUpperCase().padStart(2, '0'));

/** Upper-case hex of `bytes[start, end)`, as Windows renders binary values. */
export function formatBinary(bytes: Uint8Array, start: number, end: number): string {
  const parts: string[] = [];
  for (let i = start; i < end; i++) parts.push(hexByte[bytes[i]!]!);
  return parts.join('');
}
