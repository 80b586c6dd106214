import { createHash } from 'node:crypto';
import type { Compiled } from '../compile/context.js';
import { compileExpr, compileRegexPattern, foldIfConstant } from '../compile/expressions.js';
import { parseDatetime } from '../datetime.js';
import { parseTimespan } from '../timespan.js';
import type { CallSite, FunctionDefinition } from './definition.js';
import { isNullish, numeric, simpleFunction } from './simple.js';
import { columnTypeNames } from '../compile/sources.js';
import type { ColumnType } from '../../schema/types.js';

/** Compiles a constant regex argument once; a non-constant pattern compiles per row. */
function regexArgument(args: Compiled[], site: CallSite, index: number, flags = ''): RegExp | undefined {
  const value = args[index]?.constant?.value;
  if (typeof value !== 'string') return undefined;
  const regex = compileRegexPattern(value, site.call.args[index]!, site.env);
  return flags ? new RegExp(regex.source, regex.flags + flags) : regex;
}

function toRegex(pattern: unknown, flags = ''): RegExp | null {
  try {
    return new RegExp(String(pattern), flags);
  } catch {
    return null;
  }
}

function substring(source: unknown, start: unknown, length?: unknown): string {
  const text = source as string;
  if (typeof start !== 'number') return '';
  const from = Math.max(0, Math.trunc(start));
  if (isNullish(length)) return text.slice(from);
  if (typeof length !== 'number' || length < 0) return '';
  return text.slice(from, from + Math.trunc(length));
}

/** indexof(source, lookup [, start [, length [, occurrence]]]): -1 when not found. */
function indexOf(source: unknown, lookup: unknown, start?: unknown, length?: unknown, occurrence?: unknown): number | null {
  const text = source as string;
  const needle = lookup as string;
  let from = typeof start === 'number' ? Math.trunc(start) : 0;
  if (from < 0) from = Math.max(0, text.length + from);
  if (from > text.length) return null;
  const end = typeof length === 'number' && length >= 0 ? Math.min(text.length, from + length) : text.length;
  let remaining = typeof occurrence === 'number' ? occurrence : 1;
  if (remaining < 1) return null;
  let at = from - 1;
  do {
    at = text.indexOf(needle, at + 1);
    if (at < 0 || at + needle.length > end) return -1;
  } while (--remaining > 0);
  return at;
}

function split(source: unknown, delimiter: unknown, index?: unknown): unknown {
  const parts = (source as string).split(delimiter as string);
  if (isNullish(index)) return parts;
  if (typeof index !== 'number' || index < 0 || index >= parts.length) return [];
  return [parts[index]];
}

/** Converts a KQL rewrite pattern (`\1` for group 1) to a JavaScript replacement string. */
function rewritePattern(rewrite: string): string {
  return rewrite.replace(/\$/g, '$$$$').replace(/\\(\d)/g, '$$$1');
}

function replaceRegex(source: unknown, regex: RegExp | null, rewrite: unknown): string {
  if (!regex) return '';
  return (source as string).replace(new RegExp(regex.source, `${regex.flags.replace('g', '')}g`), rewritePattern(rewrite as string));
}

function typedCapture(value: string, type: ColumnType | undefined): unknown {
  if (!type || type === 'string') return value;
  if (type === 'long' || type === 'int' || type === 'real') {
    const number = Number(value);
    if (value.trim() === '' || Number.isNaN(number)) return null;
    return type === 'real' ? number : Math.trunc(number);
  }
  if (type === 'datetime') return parseDatetime(value);
  if (type === 'timespan') return parseTimespan(value);
  if (type === 'bool') return value.toLowerCase() === 'true' ? true : value.toLowerCase() === 'false' ? false : null;
  return value;
}

function extractWith(regex: RegExp | null, group: unknown, source: unknown, type: ColumnType | undefined): unknown {
  const match = regex?.exec(source as string);
  const text = match && typeof group === 'number' ? match[group] : undefined;
  if (text === undefined) return type && type !== 'string' ? null : '';
  return typedCapture(text, type);
}

/** extract(regex, group, source [, typeof(T)]): the captured text, or "" (a null of T) without a match. */
const extractFunction: FunctionDefinition = {
  name: 'extract',
  minArgs: 3,
  maxArgs: 4,
  compileRaw(call, env) {
    let type: ColumnType | undefined;
    const typeArg = call.args[3];
    if (typeArg) {
      if (typeArg.kind !== 'call' || typeArg.name !== 'typeof' || typeArg.args[0]?.kind !== 'name') {
        return env.ctx.fail(typeArg, 'argument 4 of extract() must be typeof(T), for example typeof(long)');
      }
      type = columnTypeNames[typeArg.args[0].name];
      if (!type) env.ctx.fail(typeArg, `unknown type '${typeArg.args[0].name}' in typeof(...)`);
    }
    const definition = simpleFunction(
      'extract',
      ['text', numeric, 'text'],
      3,
      type ?? 'string',
      (pattern, group, source) => extractWith(toRegex(pattern), group, source, type),
      (compiled, site) => {
        const regex = regexArgument(compiled, site, 0);
        return regex ? (_pattern, group, source) => extractWith(regex, group, source, type) : undefined;
      },
    );
    const args = call.args.slice(0, 3).map((arg) => compileExpr(arg, env));
    return foldIfConstant(definition.compile!(args, { call, env }), args);
  },
};

/** extract_all(regex, [groups,] source): an array of matches; each is an array when the regex has several groups. */
function extractAll(regex: RegExp | null, source: unknown): unknown {
  if (!regex) return null;
  const global = new RegExp(regex.source, `${regex.flags.replace('g', '')}g`);
  const matches: unknown[] = [];
  for (const match of (source as string).matchAll(global)) {
    if (match[0] === '' && match.length === 1) continue;
    if (match.length <= 2) matches.push(match[match.length - 1] ?? '');
    else matches.push(match.slice(1).map((group) => group ?? ''));
  }
  return matches.length === 0 ? null : matches;
}

const extractAllFunction = simpleFunction(
  'extract_all',
  ['text', 'text'],
  2,
  'dynamic',
  (pattern, source) => extractAll(toRegex(pattern), source),
  (args, site) => {
    const regex = regexArgument(args, site, 0);
    return regex ? (_pattern, source) => extractAll(regex, source) : undefined;
  },
);

/** trim(regex, text) and its start and end forms remove every leading and/or trailing match. */
function trimFunction(name: string, leading: boolean, trailing: boolean): FunctionDefinition {
  const build = (pattern: string): { start: RegExp | null; end: RegExp | null } => ({
    start: leading ? toRegex(`^(?:${pattern})+`) : null,
    end: trailing ? toRegex(`(?:${pattern})+$`) : null,
  });
  const trim = (text: string, regexes: { start: RegExp | null; end: RegExp | null }): string => {
    let result = text;
    if (regexes.start) result = result.replace(regexes.start, '');
    if (regexes.end) result = result.replace(regexes.end, '');
    return result;
  };
  return simpleFunction(name, ['text', 'text'], 2, 'string', (pattern, text) => trim(text as string, build(pattern as string)), (args, site) => {
    const pattern = args[0]!.constant?.value;
    if (typeof pattern !== 'string') return undefined;
    compileRegexPattern(pattern, site.call.args[0]!, site.env);
    const regexes = build(pattern);
    return (_pattern, text) => trim(text as string, regexes);
  });
}

/** countof(text, search [, "normal"|"regex"]): plain matches may overlap; regex matches do not. */
function countOf(text: unknown, search: unknown, kind?: unknown): number | null {
  const source = text as string;
  const needle = search as string;
  if (kind === 'regex') {
    const regex = toRegex(needle, 'g');
    if (!regex) return null;
    let count = 0;
    for (const match of source.matchAll(regex)) if (match[0] !== '') count++;
    return count;
  }
  if (needle === '') return 0;
  let count = 0;
  for (let at = source.indexOf(needle); at >= 0; at = source.indexOf(needle, at + 1)) count++;
  return count;
}

/** base64_decode_tostring: the UTF-8 text of base64 data; "" when the input is not valid base64. */
function base64DecodeToString(text: unknown): string {
  const value = (text as string).trim();
  if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(value) || value.replace(/=+$/, '').length % 4 === 1) return '';
  const bytes = Buffer.from(value, value.includes('-') || value.includes('_') ? 'base64url' : 'base64');
  const decoded = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  return decoded;
}

/** url_decode: percent-escapes decoded as UTF-8; "" when an escape is invalid. */
function urlDecode(text: unknown): string {
  try {
    return decodeURIComponent(text as string);
  } catch {
    return '';
  }
}

/**
 * parse_path: splits a Windows, UNC or Unix path (or a URL) into the property bag KQL returns,
 * with Scheme, RootPath, DirectoryPath, DirectoryName, Filename, Extension and AlternateDataStreamName.
 */
function parsePath(text: unknown): Record<string, string> {
  let path = text as string;
  let scheme = '';
  const schemeMatch = /^([a-zA-Z][a-zA-Z0-9+.-]+):\/\//.exec(path);
  if (schemeMatch) {
    scheme = schemeMatch[1]!;
    path = path.slice(schemeMatch[0].length);
  }
  const separator = path.includes('\\') ? '\\' : '/';
  let root = '';
  const drive = /^[a-zA-Z]:/.exec(path);
  const unc = /^\\\\[^\\]+\\[^\\]+/.exec(path);
  if (drive) root = drive[0];
  else if (unc) root = unc[0];
  else if (schemeMatch) root = path.split('/')[0] ?? '';
  const lastSeparator = path.lastIndexOf(separator);
  let fileName = lastSeparator >= 0 ? path.slice(lastSeparator + 1) : path;
  let directoryPath = lastSeparator >= 0 ? path.slice(0, lastSeparator) : '';
  if (drive && lastSeparator < 0) {
    fileName = path.slice(2);
    directoryPath = root;
  }
  let stream = '';
  const colon = fileName.indexOf(':');
  if (colon >= 0) {
    stream = fileName.slice(colon + 1);
    fileName = fileName.slice(0, colon);
  }
  const dot = fileName.lastIndexOf('.');
  const extension = dot >= 0 ? fileName.slice(dot + 1) : '';
  const directoryName = directoryPath.slice(directoryPath.lastIndexOf(separator) + 1);
  return {
    Scheme: scheme,
    RootPath: root,
    DirectoryPath: directoryPath,
    DirectoryName: directoryName,
    Filename: fileName,
    Extension: extension,
    AlternateDataStreamName: stream,
  };
}

/**
 * parse_command_line(text, "windows"): the arguments as CommandLineToArgvW splits them.
 * Whitespace separates arguments outside quotes; 2n backslashes before a quote give n backslashes
 * and a quote that toggles quoting; 2n+1 give n backslashes and a literal quote.
 */
function parseCommandLine(text: unknown, parser: unknown): string[] | null {
  if (typeof parser !== 'string' || parser.toLowerCase() !== 'windows') return null;
  const source = text as string;
  const args: string[] = [];
  let current = '';
  let inArgument = false;
  let quoted = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (ch === '\\') {
      let slashes = 0;
      while (source[i] === '\\') {
        slashes++;
        i++;
      }
      if (source[i] === '"') {
        current += '\\'.repeat(Math.floor(slashes / 2));
        if (slashes % 2 === 1) current += '"';
        else quoted = !quoted;
      } else {
        current += '\\'.repeat(slashes);
        i--;
      }
      inArgument = true;
      continue;
    }
    if (ch === '"') {
      quoted = !quoted;
      inArgument = true;
      continue;
    }
    if ((ch === ' ' || ch === '\t') && !quoted) {
      if (inArgument) args.push(current);
      current = '';
      inArgument = false;
      continue;
    }
    current += ch;
    inArgument = true;
  }
  if (inArgument) args.push(current);
  return args;
}

function hashHex(algorithm: string): (text: unknown) => string {
  return (text) => createHash(algorithm).update(text as string, 'utf8').digest('hex');
}

/** String functions: slicing, searching, splitting, regular expressions, decoding and hashing. */
export const stringFunctions: FunctionDefinition[] = [
  simpleFunction('substring', ['text', numeric, numeric], 2, 'string', (source, start, length) => substring(source, start, length)),
  simpleFunction('indexof', ['text', 'text', numeric, numeric, numeric], 2, 'long', indexOf as (...values: unknown[]) => unknown),
  simpleFunction('split', ['text', 'text', numeric], 2, 'dynamic', split),
  simpleFunction('replace_string', ['text', 'text', 'text'], 3, 'string', (text, lookup, rewrite) => (lookup === '' ? text : (text as string).split(lookup as string).join(rewrite as string))),
  simpleFunction('replace_regex', ['text', 'text', 'text'], 3, 'string', (source, pattern, rewrite) => replaceRegex(source, toRegex(pattern), rewrite), (args, site) => {
    const regex = regexArgument(args, site, 1);
    return regex ? (source, _pattern, rewrite) => replaceRegex(source, regex, rewrite) : undefined;
  }),
  extractFunction,
  extractAllFunction,
  trimFunction('trim', true, true),
  trimFunction('trim_start', true, false),
  trimFunction('trim_end', false, true),
  simpleFunction('countof', ['text', 'text', 'text'], 2, 'long', countOf),
  simpleFunction('parse_path', ['text'], 1, 'dynamic', parsePath),
  simpleFunction('parse_command_line', ['text', 'text'], 2, 'dynamic', parseCommandLine),
  simpleFunction('base64_decode_tostring', ['text'], 1, 'string', base64DecodeToString),
  simpleFunction('url_decode', ['text'], 1, 'string', urlDecode),
  simpleFunction('hash_sha256', ['text'], 1, 'string', hashHex('sha256')),
  simpleFunction('hash_sha1', ['text'], 1, 'string', hashHex('sha1')),
  simpleFunction('hash_md5', ['text'], 1, 'string', hashHex('md5')),
  simpleFunction('reverse', ['text'], 1, 'string', (text) => [...(text as string)].reverse().join('')),
  simpleFunction('strcat_delim', ['text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text'], 3, 'string', (delimiter, ...parts) => parts.filter((part) => part !== undefined).join(delimiter as string)),
  simpleFunction('strrep', ['text', numeric, 'text'], 2, 'string', (text, times, delimiter) => (typeof times === 'number' && times > 0 ? Array(Math.trunc(times)).fill(text).join((delimiter as string | undefined) ?? '') : '')),
];
