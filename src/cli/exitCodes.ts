/** Process exit codes of lurewatch commands. */
export const exitCodes = {
  ok: 0,
  /** `--fail-on-alert` was given and there was at least one alert (or a validation miss). */
  alerts: 1,
  /** Bad usage, a rule or query that does not compile, or an input that could not be read. */
  error: 2,
} as const;
