/** Where in an input something happened: the file plus a record, line, chunk or byte offset. */
export interface Location {
  file: string;
  /** e.g. "line 12", "record 4711", "chunk 3 at offset 0x31000". */
  at?: string;
}

/** One skipped record or a warning, kept for the summary. */
export interface Issue {
  location: Location;
  reason: string;
}

const maxKeptIssues = 20;

/**
 * Counts of what a read saw and skipped. Every record that a reader drops lands here with a
 * reason, so the summary can account for all of the input.
 */
export class ReadDiagnostics {
  files = 0;
  /** Files not read at all (unknown format, unreadable, empty, hidden), by reason. */
  filesSkippedByReason = new Map<string, number>();
  /** Every file that could not be read, with the reason and what to do. */
  fileErrors: Issue[] = [];
  /** Records or rows read from all inputs, before normalisation. */
  eventsRead = 0;
  /** Rows handed to queries, per table. */
  rowsByTable = new Map<string, number>();
  /** Records not handed to any table, by reason (e.g. "not a process creation"). */
  ignoredByReason = new Map<string, number>();
  /** Records that could not be read, by reason (e.g. "invalid JSON"). */
  skippedByReason = new Map<string, number>();
  /** The first few skipped records and warnings, with their location. */
  skippedSamples: Issue[] = [];
  warnings: Issue[] = [];

  /** Records a record that was read but belongs to no table, such as a logon event. */
  ignore(reason: string): void {
    this.ignoredByReason.set(reason, (this.ignoredByReason.get(reason) ?? 0) + 1);
  }

  /** Records a record or row that could not be read, with where it was and why. */
  skip(location: Location, reason: string): void {
    this.skippedByReason.set(reason, (this.skippedByReason.get(reason) ?? 0) + 1);
    if (this.skippedSamples.length < maxKeptIssues) this.skippedSamples.push({ location, reason });
  }

  /** Records a problem that lost nothing, such as a checksum mismatch or a stale header. */
  warn(location: Location, reason: string): void {
    if (this.warnings.length < maxKeptIssues * 5) this.warnings.push({ location, reason });
  }

  /**
   * Records a file that was not read. `reason` is the short category that the summary counts;
   * `detail` adds the specifics and what to do. With `error` set (a file the user named, or one
   * that failed mid-read) the file also goes into `fileErrors`; other skips, such as hidden files
   * found while walking a folder, are only counted.
   */
  skipFile(location: Location, reason: string, options: { error: boolean; detail?: string }): void {
    this.filesSkippedByReason.set(reason, (this.filesSkippedByReason.get(reason) ?? 0) + 1);
    if (options.error) {
      this.fileErrors.push({ location, reason: options.detail ? `${reason}: ${options.detail}` : reason });
    }
  }

  countRow(table: string, count = 1): void {
    this.rowsByTable.set(table, (this.rowsByTable.get(table) ?? 0) + count);
  }

  get skippedTotal(): number {
    let total = 0;
    for (const count of this.skippedByReason.values()) total += count;
    return total;
  }
}
