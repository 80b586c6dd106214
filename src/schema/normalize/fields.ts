/**
 * Returns "" for the placeholders Windows writes when a value is absent: `-` (not applicable) and
 * `?` (Sysmon's parent fields when the parent had already exited). Other text is returned as is.
 */
export function cleanPlaceholder(value: string | undefined): string {
  if (value === undefined) return '';
  return value === '-' || value === '?' ? '' : value;
}

/**
 * Parses a process, logon or session id. Hexadecimal only with a `0x` prefix (Security 4688
 * writes `0x1c10`, Sysmon writes decimal `7184`), so "7184" is never read as hex. Returns null
 * for empty or unreadable text.
 */
export function parseId(text: string | undefined): number | null {
  if (text === undefined) return null;
  const value = text.trim();
  if (value.length === 0) return null;
  if (value.length > 2 && value.charCodeAt(0) === 48 && (value.charCodeAt(1) | 32) === 120 /* x */) {
    const hex = value.slice(2);
    return /^[0-9a-fA-F]+$/.test(hex) ? parseInt(hex, 16) : null;
  }
  return /^-?\d+$/.test(value) ? Number(value) : null;
}

/** Converts a column value that should be a number (long, int, real); "" and junk become null. */
export function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string') {
    if (value.length === 0) return null;
    const parsed = parseId(value);
    if (parsed !== null) return parsed;
    const real = Number(value);
    return Number.isFinite(real) ? real : null;
  }
  if (typeof value === 'boolean') return value ? 1 : 0;
  return null;
}

/** Converts a column value to bool: true/false, "true"/"false" in any case, 1/0; else null. */
export function toBool(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') {
    const lower = value.toLowerCase();
    if (lower === 'true' || lower === '1') return true;
    if (lower === 'false' || lower === '0') return false;
  }
  return null;
}

/**
 * Parses a dynamic column that arrives as JSON text (CSV exports and Log Analytics `_string`
 * columns carry AdditionalFields that way). Text that is not JSON stays a string.
 */
export function toDynamic(value: unknown): unknown {
  if (typeof value !== 'string') return value === undefined ? null : value;
  if (value.length === 0) return null;
  const first = value.charCodeAt(0);
  if (first === 123 /* { */ || first === 91 /* [ */) {
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }
  return value;
}

/** Splits a full path at its last `\` or `/` into the path as given and its base name. */
export function baseName(path: string): string {
  const cut = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
  return cut < 0 ? path : path.slice(cut + 1);
}

/** Splits `DOMAIN\name` into domain and name; a value without `\` is a name only. */
export function splitAccount(user: string): { domain: string; name: string } {
  const cut = user.indexOf('\\');
  if (cut < 0) return { domain: '', name: user };
  return { domain: user.slice(0, cut), name: user.slice(cut + 1) };
}

/**
 * Splits Sysmon's `Hashes` value, `SHA1=...,MD5=...,SHA256=...,IMPHASH=...` (which algorithms
 * appear depends on the Sysmon configuration), into a map keyed by upper-case algorithm name.
 * Hash values keep their case.
 */
export function splitHashes(hashes: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const part of hashes.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    result[part.slice(0, eq).trim().toUpperCase()] = part.slice(eq + 1).trim();
  }
  return result;
}

const integrityBySid: Record<string, string> = {
  'S-1-16-0': 'Untrusted',
  'S-1-16-4096': 'Low',
  'S-1-16-8192': 'Medium',
  'S-1-16-8448': 'Medium',
  'S-1-16-12288': 'High',
  'S-1-16-16384': 'System',
  'S-1-16-20480': 'Protected',
};

/**
 * Maps a 4688 `MandatoryLabel` (an integrity SID such as S-1-16-12288, or a rendered name such
 * as `Mandatory Label\High Mandatory Level`) to the level names Defender and Sysmon use
 * (Low, Medium, High, System). Unknown labels are returned unchanged.
 */
export function integrityLevelFromLabel(label: string): string {
  const known = integrityBySid[label.toUpperCase()];
  if (known !== undefined) return known;
  const match = /(Untrusted|Low|Medium Plus|Medium|High|System|Protected Process)\s+Mandatory Level/i.exec(label);
  if (match) {
    const name = match[1]!.toLowerCase();
    if (name === 'medium plus') return 'Medium';
    if (name === 'protected process') return 'Protected';
    return name.charAt(0).toUpperCase() + name.slice(1);
  }
  return label;
}

const tokenElevationByCode: Record<string, string> = {
  '%%1936': 'TokenElevationTypeDefault',
  '%%1937': 'TokenElevationTypeFull',
  '%%1938': 'TokenElevationTypeLimited',
};

/**
 * Maps a 4688 `TokenElevationType` to Defender's ProcessTokenElevation names. Events carry the
 * message codes %%1936 (type 1, default), %%1937 (type 2, full) and %%1938 (type 3, limited);
 * rendered text such as `TokenElevationTypeDefault (1)` loses its number suffix.
 */
export function tokenElevationName(value: string): string {
  const known = tokenElevationByCode[value];
  if (known !== undefined) return known;
  const match = /^(TokenElevationType\w+)/.exec(value);
  return match ? match[1]! : value;
}
