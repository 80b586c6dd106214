const minimumWidth = 6;
/** Columns whose natural width is at most this are cut only when every wider column is already at its minimum. */
const shortColumn = 20;
const separator = '  ';

/**
 * Columns cut at the start instead of the end, because their last part matters most: a process
 * chain ends with the process that ran, and a path with the file name.
 */
const keepEndColumns = new Set(['ProcessChain', 'FolderPath', 'InitiatingProcessFolderPath']);

/** Cuts `text` to `width` characters, with an ellipsis where text was cut (at the start with `keepEnd`). */
function fit(text: string, width: number, keepEnd: boolean): string {
  const flat = text.replace(/[\r\n\t]+/g, ' ');
  if (flat.length <= width) return flat.padEnd(width);
  const kept = Math.max(0, width - 1);
  return keepEnd ? `…${flat.slice(flat.length - kept)}` : `${flat.slice(0, kept)}…`;
}

/**
 * Renders rows as an aligned text table no wider than `width`. Short columns (times, severities,
 * names) keep their natural width. Long columns share the rest in proportion to the square root
 * of their natural width, so a long command line gets more room than a category without taking
 * it all. Cut cells end in an ellipsis, except in ProcessChain and path columns, which keep their
 * end and start with one. A terminal too narrow even for that cuts every column down to a few
 * characters.
 */
export function renderTable(headers: string[], rows: string[][], width: number): string {
  if (headers.length === 0) return '';
  const natural = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => row[i]!.replace(/[\r\n\t]+/g, ' ').length)));
  const widths = fitWidths(natural, width - separator.length * (headers.length - 1));
  const keepEnd = headers.map((header) => keepEndColumns.has(header));
  const line = (cells: string[]) => cells.map((cell, i) => fit(cell, widths[i]!, keepEnd[i]!)).join(separator).trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join(separator);
  return [line(headers), rule, ...rows.map(line)].join('\n') + '\n';
}

/** Chooses column widths that add up to at most `budget` characters (see renderTable). */
function fitWidths(natural: number[], budget: number): number[] {
  const widths = [...natural];
  if (natural.reduce((sum, w) => sum + w, 0) <= budget) return widths;

  let flexible = natural.map((w, i) => (w > shortColumn ? i : -1)).filter((i) => i >= 0);
  let available = budget - natural.reduce((sum, w, i) => (w > shortColumn ? sum : sum + w), 0);
  if (available >= flexible.length * minimumWidth) {
    // Columns whose share exceeds their natural width keep the natural width and hand the surplus on.
    for (;;) {
      const weight = flexible.reduce((sum, i) => sum + Math.sqrt(natural[i]!), 0);
      const capped = flexible.filter((i) => (available * Math.sqrt(natural[i]!)) / weight >= natural[i]!);
      if (capped.length === 0) {
        for (const i of flexible) widths[i] = Math.max(minimumWidth, Math.floor((available * Math.sqrt(natural[i]!)) / weight));
        return widths;
      }
      for (const i of capped) available -= natural[i]!;
      flexible = flexible.filter((i) => !capped.includes(i));
    }
  }

  // Too narrow for that: every column gives up a character at a time, widest first.
  const total = () => widths.reduce((sum, w) => sum + w, 0);
  while (total() > budget) {
    let widest = 0;
    for (let i = 1; i < widths.length; i++) if (widths[i]! > widths[widest]!) widest = i;
    if (widths[widest]! <= minimumWidth) break;
    widths[widest]!--;
  }
  return widths;
}
