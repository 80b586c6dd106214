import type { TestXmlElement } from './xml.js';

/** Characters python-evtx 0.6 deletes from its output (XML 1.1 restricted characters). */
const pythonRestricted = /[\x01-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F]/g;
const isoTime = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)(?:\.(\d+))?Z$/;
const pythonStringArray = /^(<string>[\s\S]*?<\/string>\n)+$/;

/**
 * Tells whether lurewatch's value `ours` and python-evtx's value `theirs` are the same value.
 * python-evtx 0.6 renders several types unlike Windows, and lurewatch follows Windows:
 * - binary: base64 in python-evtx, upper-case hex in Windows;
 * - HexInt32/HexInt64: zero-padded to 8/16 digits in python-evtx; size_t in decimal there;
 * - FILETIME and SYSTEMTIME: "YYYY-MM-DD HH:MM:SS.ffffff" (Python isoformat, microseconds,
 *   fraction left out when zero, computed through a float so off by up to a few microseconds)
 *   in python-evtx, ISO 8601 with 100 ns digits and "Z" in Windows;
 * - GUID in lower case and bool as "True"/"False" in python-evtx;
 * - python-evtx deletes XML 1.1 restricted control characters that it writes raw (it keeps
 *   those above 0x7F, which it writes as character references).
 */
export function sameValue(ours: string, theirs: string): boolean {
  if (ours === theirs) return true;
  const cleaned = ours.replace(pythonRestricted, '');
  if (cleaned === theirs) return true;
  if (cleaned.toLowerCase() === theirs.toLowerCase()) return true;
  if (/^0x[0-9a-f]+$/i.test(cleaned) && /^(0x[0-9a-f]+|\d+)$/i.test(theirs)) return BigInt(cleaned) === BigInt(theirs);
  const time = isoTime.exec(cleaned);
  const pythonTime = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(?:\.(\d{6}))?$/.exec(theirs);
  if (time !== null && pythonTime !== null) {
    // python-evtx converts FILETIME through a float, so its microseconds may be off by a few.
    if (time[1] !== pythonTime[1] || time[2] !== pythonTime[2]) return false;
    const ourMicroseconds = Number(((time[3] ?? '') + '0000000').slice(0, 7)) / 10;
    return Math.abs(ourMicroseconds - Number(pythonTime[3] ?? 0)) <= 10;
  }
  if (/^([0-9A-F]{2})+$/.test(cleaned) && Buffer.from(cleaned, 'hex').toString('base64') === theirs) return true;
  if (cleaned !== '' && theirs !== '' && Number.isFinite(Number(cleaned)) && Number(cleaned) === Number(theirs)) return true;
  return false;
}

/**
 * Compares one event as lurewatch renders it with python-evtx's rendering and appends each
 * difference to `diffs`. Beyond `sameValue`, two structural differences are accepted:
 * python-evtx writes an attribute whose substitution is NULL as `Name=""` where Windows leaves
 * the attribute out, and writes a string array as `<string>` lines in one element where Windows
 * repeats the element once per array element.
 */
export function compareElements(ours: TestXmlElement, theirs: TestXmlElement, path: string, diffs: string[]): void {
  const here = `${path}/${theirs.name}`;
  if (ours.name !== theirs.name) {
    diffs.push(`${here}: element <${ours.name}> where python-evtx has <${theirs.name}>`);
    return;
  }
  for (const name of new Set([...ours.attributes.keys(), ...theirs.attributes.keys()])) {
    const mine = ours.attributes.get(name) ?? '';
    const other = theirs.attributes.get(name) ?? '';
    if (!sameValue(mine, other)) diffs.push(`${here}/@${name}: "${mine}" vs python-evtx "${other}"`);
  }
  if (theirs.children.length === 0 && ours.children.length === 0) {
    if (!sameValue(ours.text, theirs.text)) diffs.push(`${here}: "${ours.text}" vs python-evtx "${theirs.text}"`);
    return;
  }
  if (ours.text.trim() !== theirs.text.trim() && !sameValue(ours.text.trim(), theirs.text.trim())) {
    diffs.push(`${here}: text "${ours.text.trim()}" vs python-evtx "${theirs.text.trim()}"`);
  }
  compareChildren(ours, theirs, here, diffs);
}

function compareChildren(ours: TestXmlElement, theirs: TestXmlElement, here: string, diffs: string[]): void {
  let i = 0;
  for (const other of theirs.children) {
    if (other.children.length === 0 && pythonStringArray.test(other.text)) {
      // python-evtx splits a string array with a regular expression that moves empty strings and,
      // after a run of them, adds a tail of the next string ("221" after "249221"). So every
      // non-empty string of lurewatch must be in its list, and each of its strings must be one of
      // lurewatch's or a tail of one.
      // lurewatch's elements of the same name are taken up to those python-evtx has after this one.
      const items = [...other.text.matchAll(/<string>([\s\S]*?)<\/string>\n/g)].map((match) => match[1]!);
      const laterSameName = theirs.children.slice(theirs.children.indexOf(other) + 1).filter((c) => c.name === other.name).length;
      let runEnd = i;
      while (runEnd < ours.children.length && ours.children[runEnd]!.name === other.name) runEnd++;
      const mine = ours.children.slice(i, Math.max(i + 1, runEnd - laterSameName));
      i += mine.length;
      const ourTexts = mine.map((element) => element.text);
      const ourNonEmpty = ourTexts.filter((text) => text !== '');
      const same =
        ourNonEmpty.every((text) => items.includes(text)) &&
        items.every((item) => item === '' || ourNonEmpty.some((text) => text.endsWith(item)));
      if (!same) {
        diffs.push(`${here}/${other.name}: array ${JSON.stringify(ourTexts)} vs python-evtx ${JSON.stringify(items)}`);
      }
      continue;
    }
    const mine = ours.children[i++];
    if (mine === undefined) {
      diffs.push(`${here}/${other.name}: missing in lurewatch`);
      continue;
    }
    compareElements(mine, other, here, diffs);
  }
  // python-evtx renders only the first fragment of an embedded BinXml value, so a RenderingInfo
  // element that follows EventData in the same value is missing from its output.
  const extra = ours.children.slice(i).filter((child) => child.name !== 'RenderingInfo');
  if (extra.length > 0) diffs.push(`${here}: lurewatch has ${extra.length} more child elements`);
}

/** Returns the EventRecordID of a parsed event, or NaN. */
export function recordIdOf(event: TestXmlElement): number {
  const system = event.children.find((child) => child.name === 'System');
  const id = system?.children.find((child) => child.name === 'EventRecordID');
  return id === undefined ? NaN : Number(id.text);
}
