import { baseName } from '../schema/normalize/fields.js';

/**
 * Returns the folder of `path` with the user-profile name replaced by `*`, in lower case:
 * `C:\Users\apatel\AppData\Roaming\Spotify\Spotify.exe` becomes
 * `c:\users\*\appdata\roaming\spotify`. Profiles under `\Users\` and `\Documents and Settings\`
 * are generalised; other paths keep every folder.
 */
export function folderPattern(path: string): string {
  const cut = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
  const folder = cut < 0 ? '' : path.slice(0, cut);
  return folder.replace(/^([a-z]:\\(?:users|documents and settings)\\)[^\\]+/i, '$1*').toLowerCase();
}

/** Escapes text for a regular expression. */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Turns a folder pattern from folderPattern into an anchored, case-insensitive regular expression
 * (in the RE2 `(?i)` form exceptions accept) for paths directly in that folder.
 */
export function folderPatternRegex(pattern: string, fileName?: string): string {
  const parts = pattern.split('*').map(escapeRegex);
  const folder = parts.join('[^\\\\]+');
  return `(?i)^${folder}\\\\${fileName ? `${escapeRegex(fileName)}$` : '[^\\\\]+$'}`;
}

/**
 * Names the device group of a host: its first DNS label without a trailing number, in lower case,
 * so `ws-eng-01.corp.example` and `WS-ENG-07` are both `ws-eng`. A name that is only digits stays.
 * NOTE: this suits naming schemes of the form role-number; other schemes put each host in its own group.
 */
export function deviceGroup(deviceName: string): string {
  const label = deviceName.split('.')[0]!.toLowerCase();
  const stripped = label.replace(/[-_]?\d+$/, '');
  return stripped === '' ? label : stripped;
}

/** The launch a baseline records: parent file name, file name and folder pattern, all lower case. */
export interface Launch {
  parent: string;
  file: string;
  folder: string;
}

/** Builds the launch key of a process event from its columns. */
export function launchOf(columns: { FileName?: unknown; FolderPath?: unknown; InitiatingProcessFileName?: unknown }): Launch {
  const folderPath = typeof columns.FolderPath === 'string' ? columns.FolderPath : '';
  const fileName = typeof columns.FileName === 'string' && columns.FileName ? columns.FileName : baseName(folderPath);
  return {
    parent: (typeof columns.InitiatingProcessFileName === 'string' ? columns.InitiatingProcessFileName : '').toLowerCase(),
    file: fileName.toLowerCase(),
    folder: folderPattern(folderPath),
  };
}
