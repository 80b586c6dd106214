import type { Alert } from '../detect/alert.js';
import { baseName } from '../schema/normalize/fields.js';
import { alertColumn, exceptionMatches } from './apply.js';
import { compileCondition, type Condition } from './conditions.js';
import type { AlertException } from './exceptions.js';
import { escapeRegex, folderPattern, folderPatternRegex } from './patterns.js';

/** Alerts that share what explains them: rule, category, parent, file, folder and command-line pattern. */
export interface AlertGroup {
  ruleId: string;
  category: string;
  parent: string;
  file: string;
  folder: string;
  commandLine: string;
  alerts: Alert[];
  devices: Map<string, number>;
  accounts: Map<string, number>;
  chains: Map<string, number>;
}

/** An exception entry proposed for a group, with what it matches in the scanned data. */
export interface Proposal {
  group: AlertGroup;
  exception: AlertException;
  /** Alerts of the data the entry matches that are not in the group. */
  alsoSuppresses: Alert[];
}

/** Matches a user-profile folder in a path or command line: `C:\Users\<name>\`, any case. */
const profilePattern = /([a-z]:\\(?:users|documents and settings)\\)([^\\"\s]+)(?=\\)/gi;

/** Placeholder for a user name in a generalised command line; Windows user names cannot contain `<` or `>`. */
export const userPlaceholder = '<user>';

/** Replaces user names in profile paths with `<user>`, so one user's command line stands for all. */
export function generaliseUsers(text: string): string {
  return text.replace(profilePattern, `$1${userPlaceholder}`);
}

/**
 * Groups alerts by the columns that explain them: rule, DetectionCategory, parent file name, file
 * name, folder pattern and command line, with user-profile names generalised in both. Devices,
 * accounts and chains are counted per group. Largest groups first, then most devices.
 */
export function groupForTuning(alerts: Alert[]): AlertGroup[] {
  const groups = new Map<string, AlertGroup>();
  for (const alert of alerts) {
    const parent = alertColumn(alert, 'InitiatingProcessFileName');
    const folderPath = alertColumn(alert, 'FolderPath');
    const file = alertColumn(alert, 'FileName') || baseName(folderPath);
    const folder = folderPattern(folderPath);
    const commandLine = generaliseUsers(alertColumn(alert, 'ProcessCommandLine').trim());
    const key = [alert.rule.id, alert.category, parent.toLowerCase(), file.toLowerCase(), folder, commandLine.toLowerCase()].join('\u0000');
    let group = groups.get(key);
    if (!group) {
      group = { ruleId: alert.rule.id, category: alert.category, parent, file, folder, commandLine, alerts: [], devices: new Map(), accounts: new Map(), chains: new Map() };
      groups.set(key, group);
    }
    group.alerts.push(alert);
    count(group.devices, alertColumn(alert, 'DeviceName'));
    count(group.accounts, alertColumn(alert, 'AccountName'));
    count(group.chains, alertColumn(alert, 'ProcessChain'));
  }
  return [...groups.values()].sort((a, b) => b.alerts.length - a.alerts.length || b.devices.size - a.devices.size || a.ruleId.localeCompare(b.ruleId));
}

function count(map: Map<string, number>, key: string): void {
  if (key) map.set(key, (map.get(key) ?? 0) + 1);
}

/**
 * Builds an exception entry that suppresses exactly the launch a group stands for: its rule and
 * category, the parent and file names, the folder pattern and the command line (anchored, user
 * names generalised), all ANDed. An empty command line is matched as empty, so a record that
 * lacks it and one that has it never share an entry.
 */
export function proposeException(group: AlertGroup, id: string, expires: string): AlertException {
  const conditions: Condition[] = [];
  if (group.parent) conditions.push({ column: 'InitiatingProcessFileName', operator: '=~', value: group.parent });
  conditions.push({ column: 'FileName', operator: '=~', value: group.file });
  if (group.folder) conditions.push({ column: 'FolderPath', operator: 'matches regex', value: folderPatternRegex(group.folder, group.file) });
  conditions.push({ column: 'ProcessCommandLine', operator: 'matches regex', value: commandLineRegex(group.commandLine) });
  const devices = group.devices.size;
  return {
    id,
    rule: group.ruleId,
    category: group.category || undefined,
    reason: `Proposed by lurewatch tune from ${group.alerts.length} alerts on ${devices} device${devices === 1 ? '' : 's'}: replace this text with why the launch is benign`,
    expires,
    conditions,
    tests: conditions.map(compileCondition),
    source: { file: 'lurewatch tune', line: 0 },
  };
}

/** An anchored, case-insensitive pattern for a command line in which `<user>` stands for a user name. */
function commandLineRegex(pattern: string): string {
  return `(?i)^${pattern.split(userPlaceholder).map(escapeRegex).join('[^\\\\"]+')}$`;
}

/**
 * Proposes an exception for each group of at least `minAlerts` alerts, noisiest first, up to
 * `limit`, and checks each against every alert of the data to list what else it would suppress.
 * Groups below `minAlerts` get no entry: a launch seen once is as likely the attack as the noise.
 */
export function proposeExceptions(alerts: Alert[], options: { minAlerts: number; limit: number; expires: string }): { proposals: Proposal[]; groups: AlertGroup[] } {
  const groups = groupForTuning(alerts);
  const ids = new Set<string>();
  const proposals: Proposal[] = [];
  for (const group of groups) {
    if (group.alerts.length < options.minAlerts || proposals.length >= options.limit) continue;
    const exception = proposeException(group, uniqueId(group, ids), options.expires);
    const members = new Set(group.alerts);
    const alsoSuppresses = alerts.filter((alert) => !members.has(alert) && exceptionMatches(exception, alert));
    proposals.push({ group, exception, alsoSuppresses });
  }
  return { proposals, groups };
}

function uniqueId(group: AlertGroup, taken: Set<string>): string {
  const slug = (text: string) => text.toLowerCase().replace(/\.exe$/, '').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  const base = ['tune', slug(group.parent) || 'no-parent', slug(group.file)].join('-');
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  taken.add(id);
  return id;
}
