import type { TableRow } from '../../sources/types.js';
import type { Row } from '../types.js';
import { toDatetime } from './datetime.js';
import { baseName, toNumber } from './fields.js';
import { addOrigin, type RecordOrigin } from './origin.js';

type Doc = Record<string, unknown>;

/**
 * Reads an ECS field by dotted path from a document that nests objects (`process.parent.name`
 * under `process` -> `parent` -> `name`), uses dotted keys (`"process.parent.name"`), or mixes
 * both at any level, as Elasticsearch exports do.
 */
export function ecsField(doc: Doc, path: string): unknown {
  if (path in doc) return doc[path];
  let cut = path.indexOf('.');
  while (cut > 0) {
    const head = doc[path.slice(0, cut)];
    if (head !== null && typeof head === 'object' && !Array.isArray(head)) {
      const found = ecsField(head as Doc, path.slice(cut + 1));
      if (found !== undefined) return found;
    }
    cut = path.indexOf('.', cut + 1);
  }
  return undefined;
}

function hasValue(field: unknown, wanted: string): boolean {
  if (Array.isArray(field)) return field.includes(wanted);
  return field === wanted;
}

/** Returns true when a JSON document is an ECS event (it has `event.category` or `event.kind`). */
export function isEcsEvent(doc: Doc): boolean {
  return ecsField(doc, 'event.category') !== undefined || ecsField(doc, 'event.kind') !== undefined;
}

const text = (value: unknown): string =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';

/**
 * Maps an Elastic Common Schema process-start document (`event.category` containing `process`
 * and `event.type` containing `start`) to a DeviceProcessEvents row: `process.*` is the new
 * process and `process.parent.*` the initiating process. Other ECS events return the reason
 * they were ignored.
 */
export function normalizeEcsEvent(doc: Doc, origin: RecordOrigin): TableRow | string {
  if (!hasValue(ecsField(doc, 'event.category'), 'process')) return 'ECS event not in the process category';
  if (!hasValue(ecsField(doc, 'event.type'), 'start')) return 'ECS process event other than a start';

  const field = (path: string): string => text(ecsField(doc, path));
  const executable = field('process.executable');
  const parentExecutable = field('process.parent.executable');
  const timestamp = toDatetime(ecsField(doc, '@timestamp'));
  const start = toDatetime(ecsField(doc, 'process.start'));

  const additional: Record<string, unknown> = {};
  const eventId = field('event.id');
  if (eventId) additional.EcsEventId = eventId;
  const module = field('event.module');
  if (module) additional.EcsModule = module;
  addOrigin(additional, 'ecs', origin, null);

  const row: Row = {
    Timestamp: timestamp,
    DeviceId: field('host.id'),
    DeviceName: field('host.name') || field('host.hostname'),
    ActionType: 'ProcessCreated',
    FileName: field('process.name') || baseName(executable),
    FolderPath: executable,
    SHA1: field('process.hash.sha1'),
    SHA256: field('process.hash.sha256'),
    MD5: field('process.hash.md5'),
    ProcessVersionInfoCompanyName: field('process.pe.company'),
    ProcessVersionInfoProductName: field('process.pe.product'),
    ProcessVersionInfoProductVersion: field('process.pe.file_version'),
    ProcessVersionInfoOriginalFileName: field('process.pe.original_file_name'),
    ProcessVersionInfoFileDescription: field('process.pe.description'),
    ProcessId: toNumber(ecsField(doc, 'process.pid')),
    ProcessCommandLine: field('process.command_line'),
    ProcessCreationTime: start ?? timestamp,
    AccountDomain: field('user.domain'),
    AccountName: field('user.name'),
    AccountSid: field('user.id'),
    InitiatingProcessFileName: field('process.parent.name') || baseName(parentExecutable),
    InitiatingProcessId: toNumber(ecsField(doc, 'process.parent.pid')),
    InitiatingProcessCommandLine: field('process.parent.command_line'),
    InitiatingProcessCreationTime: toDatetime(ecsField(doc, 'process.parent.start')),
    InitiatingProcessFolderPath: parentExecutable,
    InitiatingProcessSHA1: field('process.parent.hash.sha1'),
    InitiatingProcessSHA256: field('process.parent.hash.sha256'),
    InitiatingProcessMD5: field('process.parent.hash.md5'),
    ProcessUniqueId: field('process.entity_id'),
    InitiatingProcessUniqueId: field('process.parent.entity_id'),
    AdditionalFields: additional,
  };
  return { table: 'DeviceProcessEvents', row };
}
