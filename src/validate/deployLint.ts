import type { CompiledRule } from '../detect/compileRules.js';

/** What one rule lacks to be saved as a Defender custom detection, and the projection that fixes it. */
export interface DeployFinding {
  ruleId: string;
  problems: string[];
  /** A `project` line that returns the required columns, when columns are missing. */
  correctedProjection?: string;
}

/** Columns that identify the device of an alert; Defender needs one of them to map the alert to a device. */
const deviceColumns = ['DeviceId'];

/**
 * Checks each rule against the rules Defender applies when a query is saved as a custom
 * detection: the results must include Timestamp, ReportId and a device column (DeviceId), and a
 * near-real-time rule (`nrt: true`) may hold no comments, joins or unions. Returns one finding
 * per rule that fails; a missing column comes with a corrected `project` line.
 */
export function lintDeployability(rules: CompiledRule[]): DeployFinding[] {
  const findings: DeployFinding[] = [];
  for (const { rule, query } of rules) {
    const columns = query.columns.map((column) => column.name);
    const missing = ['Timestamp', ...deviceColumns, 'ReportId'].filter((name) => !columns.includes(name));
    const problems = missing.map((name) => `does not return ${name}`);
    if (rule.nrt) {
      const code = stripStrings(rule.query);
      if (/\/\//.test(code)) problems.push('near-real-time rule holds a comment (NRT rules allow none)');
      if (/\bjoin\b/.test(code)) problems.push('near-real-time rule uses join (NRT rules allow none)');
      if (/\bunion\b/.test(code)) problems.push('near-real-time rule uses union (NRT rules allow none)');
    }
    if (problems.length === 0) continue;
    const finding: DeployFinding = { ruleId: rule.id, problems };
    if (missing.length > 0) {
      const first = ['Timestamp', 'DeviceId', 'DeviceName', 'ReportId'].filter((name) => name === 'Timestamp' || missing.includes(name) || columns.includes(name));
      const ordered = [...new Set([...first, ...columns])];
      finding.correctedProjection = `| project ${ordered.join(', ')}`;
    }
    findings.push(finding);
  }
  return findings;
}

/**
 * Blanks out KQL string literals ("...", '...', @"...", @'...') so that `//` in a URL or a path
 * is not taken for a comment, and a word inside a string is not taken for an operator.
 */
export function stripStrings(query: string): string {
  let out = '';
  for (let i = 0; i < query.length; i++) {
    const c = query[i]!;
    const verbatim = c === '@' && (query[i + 1] === '"' || query[i + 1] === "'");
    if (c === '"' || c === "'" || verbatim) {
      const quote = verbatim ? query[i + 1]! : c;
      let j = verbatim ? i + 2 : i + 1;
      while (j < query.length) {
        if (!verbatim && query[j] === '\\') { j += 2; continue; }
        if (query[j] === quote) {
          // In a verbatim string a doubled quote stands for one quote.
          if (verbatim && query[j + 1] === quote) { j += 2; continue; }
          break;
        }
        j++;
      }
      out += ' '.repeat(j + 1 - i);
      i = j;
      continue;
    }
    out += c;
  }
  return out;
}
