import { stringify } from 'yaml';
import { describeSources } from '../detect/context.js';
import { formatDatetime } from '../kql/datetime.js';
import type { AlertException } from './exceptions.js';
import type { AlertGroup, Proposal } from './propose.js';
import { alertColumn } from './apply.js';

/** Renders an exception entry as the YAML an exceptions file holds, one list item. */
export function exceptionYaml(exception: AlertException): string {
  const match: Record<string, Record<string, string | string[]>> = {};
  for (const condition of exception.conditions) (match[condition.column] ??= {})[condition.operator] = condition.value;
  const entry: Record<string, unknown> = { id: exception.id, rule: exception.rule };
  if (exception.category) entry.category = exception.category;
  entry.reason = exception.reason;
  entry.owner = exception.owner ?? 'REPLACE-with-the-approver';
  if (exception.expires) entry.expires = exception.expires;
  entry.match = match;
  const text = stringify([entry], { lineWidth: 0, defaultStringType: 'QUOTE_SINGLE', defaultKeyType: 'PLAIN' });
  return text.split('\n').map((line) => (line ? `  ${line}` : line)).join('\n');
}

const top = (map: Map<string, number>, limit = 4) => {
  const sorted = [...map.entries()].sort((a, b) => b[1] - a[1]);
  const shown = sorted.slice(0, limit).map(([name, n]) => `${name} (${n})`);
  return sorted.length > limit ? `${shown.join(', ')}, and ${sorted.length - limit} more` : shown.join(', ');
};

function timeRange(group: AlertGroup): string {
  const times = group.alerts.map((alert) => alert.columns.Timestamp).filter((t): t is number => typeof t === 'number');
  if (times.length === 0) return 'no Timestamp';
  return `${formatDatetime(Math.min(...times))} .. ${formatDatetime(Math.max(...times))}`;
}

/**
 * Renders proposals as one YAML exceptions document: each entry is preceded by comments giving
 * the group's size, devices, accounts, chain, an example record and what else the entry would
 * suppress. The output loads as an exceptions file once reviewed.
 */
export function renderProposals(proposals: Proposal[]): string {
  const lines = [
    '# Exception entries proposed by lurewatch tune, noisiest group first. Review each one: keep',
    '# only launches you know to be benign, write the real reason and owner, then copy the entries',
    '# into lurewatch.yaml (or the file you pass with --exceptions).',
    'exceptions:',
  ];
  if (proposals.length === 0) lines.push('  []');
  proposals.forEach(({ group, exception, alsoSuppresses }, index) => {
    const example = group.alerts[0]!;
    lines.push('');
    lines.push(`  # ${index + 1}. ${group.alerts.length} alerts of ${group.ruleId}${group.category ? ` / ${group.category}` : ''}`);
    lines.push(`  #    chain: ${top(group.chains, 2)}`);
    lines.push(`  #    devices: ${top(group.devices)}`);
    lines.push(`  #    accounts: ${top(group.accounts)}`);
    lines.push(`  #    time: ${timeRange(group)}`);
    lines.push(`  #    command line: ${alertColumn(example, 'ProcessCommandLine') || '(empty)'}`);
    const sources = describeSources(example.evidence ?? []);
    if (sources) lines.push(`  #    example record: ${sources}`);
    if (alsoSuppresses.length === 0) {
      lines.push('  #    would also suppress: nothing else in this data');
    } else {
      lines.push(`  #    would also suppress ${alsoSuppresses.length} other alert${alsoSuppresses.length === 1 ? '' : 's'} in this data:`);
      for (const alert of alsoSuppresses.slice(0, 5)) {
        lines.push(`  #      ${alertColumn(alert, 'DeviceName')} ${alertColumn(alert, 'AccountName')} ${alertColumn(alert, 'ProcessChain')}: ${alertColumn(alert, 'ProcessCommandLine')}`);
      }
    }
    lines.push(exceptionYaml(exception).trimEnd());
  });
  return `${lines.join('\n')}\n`;
}

/** Stderr lines for groups that got no entry because they are below the minimum size. */
export function renderUnproposed(groups: AlertGroup[], proposed: Set<AlertGroup>, minAlerts: number): string[] {
  const rest = groups.filter((group) => !proposed.has(group));
  if (rest.length === 0) return [];
  const small = rest.filter((group) => group.alerts.length < minAlerts);
  const lines = [`No entry proposed for ${rest.length} group${rest.length === 1 ? '' : 's'} (${small.length} with fewer than ${minAlerts} alerts: review those one by one, a launch seen once may be the attack):`];
  for (const group of rest.slice(0, 15)) {
    lines.push(`  ${String(group.alerts.length).padStart(5)}  ${group.ruleId}  ${top(group.chains, 1)}  ${[...group.devices.keys()][0] ?? ''}`);
  }
  if (rest.length > 15) lines.push(`  ... and ${rest.length - 15} more`);
  return lines;
}
