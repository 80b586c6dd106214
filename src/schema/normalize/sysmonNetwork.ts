import type { WindowsEvent } from '../../sources/windowsEvent.js';
import type { TableRow } from '../../sources/types.js';
import { addOrigin, type RecordOrigin } from './origin.js';
import { cleanPlaceholder, parseId } from './fields.js';
import { sysmonActor, unmappedData } from './sysmonActor.js';

const mappedNames = new Set([
  'Protocol', 'Initiated', 'SourceIp', 'SourceHostname', 'SourcePort', 'DestinationIp', 'DestinationHostname', 'DestinationPort',
]);

/**
 * Maps Sysmon event 3 (network connection detected) to a DeviceNetworkEvents row. The local
 * end is the source when the host initiated the connection (ActionType ConnectionSuccess) and
 * the destination otherwise (InboundConnectionAccepted). RemoteUrl holds the host name Sysmon
 * resolved for the remote end, when it did. IP types follow Defender's names (Public, Private,
 * Loopback, LinkLocal, Broadcast, Multicast).
 */
export function normalizeSysmonNetwork(event: WindowsEvent, origin: RecordOrigin): TableRow {
  const value = (name: string): string => cleanPlaceholder(event.data[name]);
  const outbound = value('Initiated').toLowerCase() !== 'false';
  const [local, remote] = outbound ? ['Source', 'Destination'] : ['Destination', 'Source'];
  const protocol = value('Protocol');

  const row = sysmonActor(event);
  row.ActionType = outbound ? 'ConnectionSuccess' : 'InboundConnectionAccepted';
  row.RemoteIP = value(`${remote}Ip`);
  row.RemotePort = parseId(value(`${remote}Port`));
  row.RemoteUrl = value(`${remote}Hostname`);
  row.LocalIP = value(`${local}Ip`);
  row.LocalPort = parseId(value(`${local}Port`));
  row.Protocol = protocol === '' ? '' : protocol.charAt(0).toUpperCase() + protocol.slice(1).toLowerCase();
  row.LocalIPType = ipType(row.LocalIP as string);
  row.RemoteIPType = ipType(row.RemoteIP as string);
  const additional = unmappedData(event, mappedNames);
  const localName = value(`${local}Hostname`);
  if (localName !== '') additional.LocalHostname = localName;
  row.AdditionalFields = addOrigin(additional, 'sysmon-3', origin, event.recordId);
  return { table: 'DeviceNetworkEvents', row };
}

/** Classifies an IPv4 or IPv6 address the way Defender fills LocalIPType and RemoteIPType. */
export function ipType(ip: string): string {
  if (ip === '') return '';
  const v4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(ip);
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    if (a === 127) return 'Loopback';
    if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'Private';
    if (a === 169 && b === 254) return 'LinkLocal';
    if (a >= 224 && a <= 239) return 'Multicast';
    if (ip === '255.255.255.255') return 'Broadcast';
    if (a === 0 || a >= 240) return 'Reserved';
    return 'Public';
  }
  const lower = ip.toLowerCase();
  if (lower === '::1') return 'Loopback';
  if (lower.startsWith('fe80:')) return 'LinkLocal';
  if (lower.startsWith('fc') || lower.startsWith('fd')) return 'Private';
  if (lower.startsWith('ff')) return 'Multicast';
  if (lower.startsWith('::ffff:')) return 'FourToSixMapping';
  if (lower.startsWith('2001:0:') || lower.startsWith('2001:0000:')) return 'Teredo';
  return 'Public';
}
