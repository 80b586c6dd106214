import type { Image } from './images.js';
import { systemImages, type SystemImages } from './images.js';
import { Prng } from './prng.js';

/** 100-nanosecond ticks, the resolution of Defender timestamps (7 fractional digits). */
export const ticksPerMs = 10_000;
export const ticksPerSecond = 10_000_000;
export const ticksPerMinute = 60 * ticksPerSecond;
export const ticksPerHour = 60 * ticksPerMinute;

/** The security context a process runs in, as Defender reports it. */
export interface Account {
  domain: string;
  name: string;
  sid: string;
  upn: string;
  logonId: number;
}

export const systemAccount: Account = { domain: 'nt authority', name: 'system', sid: 'S-1-5-18', upn: '', logonId: 999 };
export const localServiceAccount: Account = {
  domain: 'nt authority', name: 'local service', sid: 'S-1-5-19', upn: '', logonId: 997,
};
export const networkServiceAccount: Account = {
  domain: 'nt authority', name: 'network service', sid: 'S-1-5-20', upn: '', logonId: 996,
};

export type Department = 'finance' | 'engineering' | 'sales' | 'it' | 'server';

export interface Device {
  /** Lower-case FQDN, as Defender's DeviceName. */
  name: string;
  /** 40 lower-case hex digits, as Defender's DeviceId. */
  id: string;
  department: Department;
  isServer: boolean;
  osBuild: string;
  /** The person who uses this workstation; absent on servers. */
  user?: User;
  /** First ReportId of the day on this device (Defender numbers events per device). */
  reportIdBase: number;
}

export interface User {
  name: string;
  sid: string;
  upn: string;
  /** Prefers Microsoft Edge over Google Chrome. */
  usesEdge: boolean;
}

/** A process, alive from its creation to the end of the simulated day. */
export interface Proc {
  pid: number;
  image: Image;
  commandLine: string;
  /** ProcessCreationTime, in ticks since the day's midnight UTC. */
  created: number;
  /** Timestamp of the ProcessCreated event: a few milliseconds after creation. */
  timestamp: number;
  parent: Proc | null;
  account: Account;
  integrity: string;
  elevation: string;
  /** Insertion order on the device, for a stable sort of events with equal timestamps. */
  seq: number;
  /** Set when rows are numbered; 0 for the System process, which has no row. */
  reportId: number;
}

export interface SpawnOptions {
  account?: Account;
  integrity?: string;
  elevation?: string;
}

/**
 * The processes of one device over one day. Every process except System (PID 4) is spawned from a
 * parent that already exists on the same device, and starts after its parent's event, so each row's
 * InitiatingProcess* columns point at an earlier row.
 */
export class DeviceSim {
  readonly images: SystemImages;
  readonly procs: Proc[] = [];
  /** Root of every process tree: the kernel's System process, which Defender reports as ntoskrnl.exe. */
  readonly system: Proc;
  private readonly usedPids = new Set<number>();

  constructor(readonly device: Device, readonly rng: Prng, bootAt: number) {
    this.images = systemImages(device.osBuild);
    this.system = {
      pid: 4,
      image: this.images.ntoskrnl,
      commandLine: '',
      created: bootAt,
      timestamp: bootAt,
      parent: null,
      account: systemAccount,
      integrity: 'System',
      elevation: 'TokenElevationTypeDefault',
      seq: -1,
      reportId: 0,
    };
    this.usedPids.add(4);
  }

  /**
   * Creates a process at time `at` (ticks) and records its ProcessCreated event. A time earlier
   * than the parent's own event moves to just after it. The account, integrity level and token
   * elevation default to the parent's.
   */
  spawn(parent: Proc, image: Image, commandLine: string, at: number, options: SpawnOptions = {}): Proc {
    const earliest = parent.timestamp + this.rng.int(2, 40) * ticksPerMs;
    const created = Math.max(at, earliest) + this.rng.int(0, 4_999_999);
    const proc: Proc = {
      pid: this.allocatePid(),
      image,
      commandLine,
      created,
      timestamp: created + this.rng.int(1_000, 60_000),
      parent,
      account: options.account ?? parent.account,
      integrity: options.integrity ?? parent.integrity,
      elevation: options.elevation ?? parent.elevation,
      seq: this.procs.length,
      reportId: 0,
    };
    this.procs.push(proc);
    return proc;
  }

  /** Spawns conhost.exe for a console process, as Windows does for every console application. */
  console(proc: Proc): Proc {
    return this.spawn(proc, this.images.conhost, '\\??\\C:\\WINDOWS\\system32\\conhost.exe 0xffffffff -ForceV1', proc.created);
  }

  private allocatePid(): number {
    // Windows hands out PIDs in multiples of 4. PIDs are not reused within the simulated day,
    // which keeps (DeviceName, ProcessId) unique in the sample.
    for (;;) {
      const pid = this.rng.int(25, 12000) * 4;
      if (!this.usedPids.has(pid)) {
        this.usedPids.add(pid);
        return pid;
      }
    }
  }
}
