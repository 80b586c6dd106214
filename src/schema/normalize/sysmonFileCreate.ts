import type { WindowsEvent } from '../../sources/windowsEvent.js';
import type { TableRow } from '../../sources/types.js';
import { addOrigin, type RecordOrigin } from './origin.js';
import { baseName, cleanPlaceholder, splitHashes } from './fields.js';
import { sysmonActor, unmappedData } from './sysmonActor.js';

const mappedNames = new Set(['TargetFilename', 'Hash', 'Hashes', 'Contents']);

/**
 * Maps Sysmon event 11 (file created) and event 15 (alternate data stream created, with its hash
 * and, since Sysmon 13, its text contents) to a DeviceFileEvents row with ActionType
 * FileCreated. For a stream, FileName and FolderPath name the file that carries it and the
 * stream name goes to AdditionalFields.StreamName. A `Zone.Identifier` stream is the mark of
 * the web: its ZoneId, HostUrl and ReferrerUrl become AdditionalFields.ZoneId, FileOriginUrl and
 * FileOriginReferrerUrl, as on the row Defender writes for a download.
 * NOTE: a download logged by both events gives two rows; only the event 15 row has the origin.
 */
export function normalizeSysmonFileCreate(event: WindowsEvent, origin: RecordOrigin): TableRow {
  const value = (name: string): string => cleanPlaceholder(event.data[name]);
  let path = value('TargetFilename');
  const additional = unmappedData(event, mappedNames);

  let stream = '';
  // A stream is `path:name`; the colon after the drive letter is not one.
  const colon = path.indexOf(':', 2);
  if (event.eventId === 15 && colon > 0) {
    stream = path.slice(colon + 1).replace(/:\$DATA$/i, '');
    path = path.slice(0, colon);
    additional.StreamName = stream;
  }

  const row = sysmonActor(event);
  row.ActionType = 'FileCreated';
  row.FileName = baseName(path);
  row.FolderPath = path;
  const hashes = splitHashes(value('Hash') || value('Hashes'));
  row.SHA1 = hashes.SHA1 ?? '';
  row.SHA256 = hashes.SHA256 ?? '';
  row.MD5 = hashes.MD5 ?? '';

  const contents = value('Contents');
  if (stream.toLowerCase() === 'zone.identifier' && contents !== '') {
    const zone = readZoneIdentifier(contents);
    row.FileOriginUrl = zone.HostUrl ?? '';
    row.FileOriginReferrerUrl = zone.ReferrerUrl ?? '';
    if (zone.ZoneId !== undefined) additional.ZoneId = Number(zone.ZoneId);
  } else if (contents !== '') {
    additional.Contents = contents;
  }
  row.AdditionalFields = addOrigin(additional, `sysmon-${event.eventId}`, origin, event.recordId);
  return { table: 'DeviceFileEvents', row };
}

/**
 * Reads the `key=value` lines of a Zone.Identifier stream (`[ZoneTransfer]`, `ZoneId=3`,
 * `ReferrerUrl=...`, `HostUrl=...`). Sysmon renders the line breaks as CR LF or as spaces, so
 * keys are found by name rather than by line.
 */
export function readZoneIdentifier(contents: string): Record<string, string> {
  const result: Record<string, string> = {};
  const pattern = /(ZoneId|ReferrerUrl|HostUrl|LastWriterPackageFamilyName|AppZoneId)=(\S+)/g;
  for (let match = pattern.exec(contents); match !== null; match = pattern.exec(contents)) {
    result[match[1]!] = match[2]!;
  }
  return result;
}
