import type { Host } from './boot.js';
import { bootDevice, logOn } from './boot.js';
import { browserDay, engineeringDay, itDay, officeDay, salesDay, serverDay, serverServices, systemBackground, teamsDay } from './activity.js';
import type { Device, Proc } from './device.js';
import { DeviceSim, ticksPerHour, ticksPerMinute, ticksPerSecond } from './device.js';
import { apps } from './images.js';
import { buildNetwork, domainSuffix } from './network.js';
import type { PlantedMeta, PlantedProc } from './planted.js';
import { scenarios } from './planted.js';
import { Prng } from './prng.js';
import { processCreatedRow } from './row.js';

export interface DayOptions {
  /** Midnight UTC of the simulated day, in milliseconds since 1970. */
  dayEpochMs: number;
  /** Seed of the day's activity; the network (device ids, users) is the same on every day. */
  seed: number;
  /** Predicate that picks the planted scenarios of this day (default: every scenario). */
  includeScenario?: (scenarioId: string, nature: 'attack' | 'benign', rng: Prng) => boolean;
  /** Multiplies the rate of ordinary activity; 1 gives about 18,000 rows a day. */
  intensity?: number;
  /** Omits the columns in compactOmittedColumns, as the bundled sample does to stay small. */
  compact?: boolean;
}

export interface Day {
  rowCount: number;
  /**
   * Builds the DeviceProcessEvents rows one at a time, in Timestamp order, then device and
   * creation order for ties, so that a caller never keeps a whole day of row objects in memory.
   */
  rows(): Generator<Record<string, string | number>>;
  planted: PlantedRow[];
}

/** A planted row as recorded in planted.json: the row's identity plus what it stands for. */
export interface PlantedRow extends PlantedMeta {
  id: string;
  scenario: string;
  Timestamp: string;
  DeviceName: string;
  ReportId: number;
  ProcessId: number;
  AccountName: string;
  FileName: string;
  FolderPath: string;
  ProcessCommandLine: string;
  InitiatingProcessFileName: string;
}

/** The sample's day: 2026-11-30, 07:00 to 19:00 UTC. */
export const sampleDayEpochMs = Date.UTC(2026, 10, 30);
export const sampleSeed = 20261130;
const networkSeed = 0x1f0a7c3;
const endOfDay = 19 * ticksPerHour;

/** Simulates one working day on the office network and returns its process-creation rows. */
export function generateDay(options: DayOptions): Day {
  const rng = new Prng(options.seed);
  const intensity = options.intensity ?? 1;
  const devices = buildNetwork(networkSeed);
  const hosts = new Map<string, Host>();
  for (const device of devices) {
    const deviceRng = rng.fork(device.name);
    hosts.set(device.name, simulateDevice(device, deviceRng, intensity));
  }

  const planted: PlantedProc[] = [];
  const includeScenario = options.includeScenario ?? (() => true);
  const scenarioRng = rng.fork('scenarios');
  for (const scenario of scenarios) {
    if (!includeScenario(scenario.id, scenario.nature, scenarioRng)) continue;
    const host = hosts.get(`${scenario.host}.${domainSuffix}`);
    if (!host) throw new Error(`planted scenario ${scenario.id} names unknown host ${scenario.host}`);
    let index = 0;
    scenario.run({
      host,
      session: host.user,
      at: (h, m, s = 0) => h * ticksPerHour + m * ticksPerMinute + s * ticksPerSecond,
      plant: (proc, meta) => {
        index++;
        planted.push({ ...meta, id: `${scenario.id}#${index}`, scenario: scenario.id, host, proc });
        return proc;
      },
    });
  }

  const events: Array<{ device: Device; deviceIndex: number; proc: Proc }> = [];
  devices.forEach((device, deviceIndex) => {
    for (const proc of hosts.get(device.name)!.sim.procs) {
      if (proc.timestamp < endOfDay) events.push({ device, deviceIndex, proc });
    }
  });
  events.sort((a, b) => a.proc.timestamp - b.proc.timestamp || a.deviceIndex - b.deviceIndex || a.proc.seq - b.proc.seq);

  // Defender numbers each device's events; other event types take numbers in between.
  const nextReportId = new Map(devices.map((d) => [d.name, d.reportIdBase]));
  const numbering = rng.fork('report-ids');
  for (const { device, proc } of events) {
    const reportId = nextReportId.get(device.name)! + numbering.int(1, 12);
    nextReportId.set(device.name, reportId);
    proc.reportId = reportId;
  }
  const compact = options.compact ?? false;
  const toRow = (device: Device, proc: Proc) => processCreatedRow(device, proc, options.dayEpochMs, compact);

  const plantedRows = planted.map((p) => {
    if (p.proc.timestamp >= endOfDay) throw new Error(`planted row ${p.id} falls after the end of the day`);
    const row = toRow(p.host.sim.device, p.proc);
    const { host: _host, proc: _proc, ...meta } = p;
    return {
      ...meta,
      Timestamp: String(row.Timestamp),
      DeviceName: String(row.DeviceName),
      ReportId: Number(row.ReportId),
      ProcessId: Number(row.ProcessId),
      AccountName: String(row.AccountName ?? ''),
      FileName: String(row.FileName),
      FolderPath: String(row.FolderPath),
      ProcessCommandLine: String(row.ProcessCommandLine ?? ''),
      InitiatingProcessFileName: String(row.InitiatingProcessFileName),
    } satisfies PlantedRow;
  });
  plantedRows.sort((a, b) => a.Timestamp.localeCompare(b.Timestamp) || a.DeviceName.localeCompare(b.DeviceName));
  return {
    rowCount: events.length,
    *rows() {
      for (const { device, proc } of events) yield toRow(device, proc);
    },
    planted: plantedRows,
  };
}

function simulateDevice(device: Device, rng: Prng, intensity: number): Host {
  if (device.isServer) {
    // Servers restart at 07:00 at the end of the weekend maintenance window.
    const boot = 7 * ticksPerHour + rng.int(5, 120) * ticksPerSecond;
    const sim = new DeviceSim(device, rng, boot);
    const host = bootDevice(sim, boot, serverServices);
    systemBackground(host, boot + 60 * ticksPerSecond, endOfDay, intensity * 2.5);
    serverDay(host, boot + 300 * ticksPerSecond, endOfDay);
    return host;
  }
  const boot = 7 * ticksPerHour + rng.int(5 * 60, 100 * 60) * ticksPerSecond;
  const logonAt = boot + rng.int(40, 300) * ticksPerSecond;
  const leaveAt = 16 * ticksPerHour + rng.int(40 * 60, 150 * 60) * ticksPerSecond;
  const sim = new DeviceSim(device, rng, boot);
  const host = bootDevice(sim, boot, (h) => {
    if (device.department === 'it') {
      h.sim.spawn(h.services, apps.teamViewerService, '"C:\\Program Files\\TeamViewer\\TeamViewer_Service.exe"', boot + 6 * ticksPerSecond);
    }
  });
  const session = logOn(host, logonAt, leaveAt);
  systemBackground(host, boot + 60 * ticksPerSecond, endOfDay, intensity);
  browserDay(host, session, intensity);
  teamsDay(host, session, intensity);
  officeDay(host, session, intensity);
  if (device.department === 'engineering') engineeringDay(host, session, intensity);
  if (device.department === 'it') itDay(host, session, intensity);
  if (device.department === 'sales') salesDay(host, session, intensity);
  return host;
}
