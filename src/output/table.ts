const minimumWidth = 6;
/** Columns whose natural width is at most this are cut only when every wider column is already at its minimum. */
const shortColumn = 20;
const separator = '  ';

/** Cuts `text` to `width` characters, ending in an ellipsis when it was longer. */
function fit(text: string, width: number): string {
  const flat = text.replace(/[\r\n\t]+/g, ' ');
  if (flat.length <= width) return flat.padEnd(width);
  return `${flat.slice(0, Math.max(0, width - 1))}…`;
}

/**
 * Renders rows as an aligned text table no wider than `width`. Columns start at their natural
 * width. While the table is too wide, the widest long column gives up one character at a time,
 * down to a few characters, and cut cells end in an ellipsis.
 */
export function renderTable(headers: string[], rows: string[][], width: number): string {
  if (headers.length === 0) return '';
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => row[i]!.replace(/[\r\n\t]+/g, ' ').length)));
  const total = () => widths.reduce((sum, w) => sum + w, 0) + separator.length * (widths.length - 1);
  const natural = [...widths];
  const shrink = (eligible: (i: number) => boolean): boolean => {
    let widest = -1;
    for (let i = 0; i < widths.length; i++) if (eligible(i) && widths[i]! > minimumWidth && (widest < 0 || widths[i]! > widths[widest]!)) widest = i;
    if (widest < 0) return false;
    widths[widest]!--;
    return true;
  };
  while (total() > width) {
    if (shrink((i) => natural[i]! > shortColumn)) continue;
    if (!shrink(() => true)) break;
  }
  const line = (cells: string[]) => cells.map((cell, i) => fit(cell, widths[i]!)).join(separator).trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join(separator);
  return [line(headers), rule, ...rows.map(line)].join('\n') + '\n';
}
