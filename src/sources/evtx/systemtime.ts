/**
 * SYSTEMTIME: eight u16 fields, year, month, day of week, day, hour, minute, second, millisecond.
 * Rendered as ISO 8601 UTC with milliseconds; the day of week is redundant and ignored.
 */
export function formatSystemtime(view: DataView, offset: number): string {
  const field = (index: number) => view.getUint16(offset + index * 2, true);
  const pad = (value: number, width: number) => String(value).padStart(width, '0');
  return (
    `${pad(field(0), 4)}-${pad(field(1), 2)}-${pad(field(3), 2)}` +
    `T${pad(field(4), 2)}:${pad(field(5), 2)}:${pad(field(6), 2)}.${pad(field(7), 3)}Z`
  );
}
