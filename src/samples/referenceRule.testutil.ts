/**
 * An independent TypeScript rendering of the reference T1204 rule's row predicate, for tests of
 * the sample only: it lets the sample's tests check planted.json without the KQL engine. It
 * follows KQL's documented semantics for the operators the rule uses: has_any matches whole terms
 * case-insensitively, =~ and in~ ignore case, endswith ignores case.
 */

const officeAndDocApps = [
  'WINWORD.EXE', 'EXCEL.EXE', 'POWERPNT.EXE', 'OUTLOOK.EXE', 'MSPUB.EXE', 'ONENOTE.EXE', 'VISIO.EXE',
  'acrord32.exe', 'acrobat.exe', 'foxitreader.exe',
  'chrome.exe', 'msedge.exe', 'firefox.exe', 'iexplore.exe', 'opera.exe',
];
const shellInterpreters = [
  'cmd.exe', 'powershell.exe', 'pwsh.exe', 'wscript.exe', 'cscript.exe', 'mshta.exe', 'rundll32.exe',
  'regsvr32.exe', 'certutil.exe', 'bitsadmin.exe',
];
const ratBinaries = [
  'anydesk.exe', 'teamviewer.exe', 'screenconnect.exe', 'connectwisecontrol.exe', 'splashtopstreamer.exe',
  'ultraviewer.exe', 'rustdesk.exe', 'supremo.exe', 'ammyy admin.exe', 'radmin.exe', 'atera_agent.exe',
  'level.exe', 'fleetdeck.exe', 'netsupport.exe',
];
const userWritablePaths = ['\\Downloads\\', '\\Desktop\\', '\\AppData\\Local\\Temp\\', '\\Users\\Public\\', '\\AppData\\Roaming\\'];
const excludedNames = ['OneDriveSetup.exe', 'Teams.exe', 'Slack.exe', 'Zoom.exe', 'update.exe', 'setup.exe'];

const isAlphanumeric = (ch: string | undefined) => ch !== undefined && /[\p{L}\p{N}]/u.test(ch);

/** KQL `has`: the needle occurs with no letter or digit glued to an alphanumeric end of it. */
export function has(text: string, needle: string): boolean {
  const haystack = text.toLowerCase();
  const term = needle.toLowerCase();
  if (term === '') return false;
  const checkStart = isAlphanumeric(term[0]);
  const checkEnd = isAlphanumeric(term[term.length - 1]);
  for (let at = haystack.indexOf(term); at >= 0; at = haystack.indexOf(term, at + 1)) {
    if (checkStart && isAlphanumeric(haystack[at - 1])) continue;
    if (checkEnd && isAlphanumeric(haystack[at + term.length])) continue;
    return true;
  }
  return false;
}

const hasAny = (text: string, needles: readonly string[]) => needles.some((n) => has(text, n));

/** Returns the rule's DetectionCategory for a row, or null when the rule does not alert. */
export function referenceRuleCategory(row: Record<string, unknown>): string | null {
  const fileName = String(row.FileName ?? '');
  const folderPath = String(row.FolderPath ?? '');
  const parent = String(row.InitiatingProcessFileName ?? '');
  const isOfficeOrBrowserParent = hasAny(parent, officeAndDocApps);
  const isShellChild = hasAny(fileName, shellInterpreters);
  const isRatExecution = hasAny(fileName, ratBinaries);
  const isUserDirExec =
    hasAny(folderPath, userWritablePaths) && fileName.toLowerCase().endsWith('.exe') && parent.toLowerCase() === 'explorer.exe';
  if (isUserDirExec && excludedNames.some((n) => n.toLowerCase() === fileName.toLowerCase())) return null;
  const officeShellSpawn = isOfficeOrBrowserParent && isShellChild;
  if (!(officeShellSpawn || isRatExecution || isUserDirExec)) return null;
  if (officeShellSpawn) return 'Office/Browser Shell Spawn';
  if (isRatExecution) return 'Remote Access Tool Execution (Possible Social Engineering)';
  return 'Executable Launched from User-Writable Directory';
}
