/** A rule file that cannot be used, with the file, the line and column when known, and the fix. */
export class RuleError extends Error {
  constructor(
    readonly file: string,
    readonly detail: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(`${file}${line ? `:${line}:${column ?? 1}` : ''}: ${detail}`);
    this.name = 'RuleError';
  }
}
