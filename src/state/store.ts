import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import type { Launch } from '../tuning/patterns.js';

/**
 * Version of the tables below; a file written by another version is rejected with a message.
 * learned_inputs was added later without a version change: older builds ignore the table, and
 * opening an older file creates it empty.
 */
const schemaVersion = '1';

/** Tables whose presence, with a schema_version row in meta, marks a file as a lurewatch baseline. */
const baselineTables = ['meta', 'launches', 'alert_history'];

const schema = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS launches (
  device TEXT NOT NULL, device_group TEXT NOT NULL, parent TEXT NOT NULL, file TEXT NOT NULL, folder TEXT NOT NULL,
  count INTEGER NOT NULL, first_seen REAL, last_seen REAL,
  PRIMARY KEY (device, parent, file, folder)
);
CREATE INDEX IF NOT EXISTS launches_by_group ON launches (device_group, parent, file, folder);
CREATE TABLE IF NOT EXISTS alert_history (
  rule_id TEXT NOT NULL, device TEXT NOT NULL, parent TEXT NOT NULL, file TEXT NOT NULL, folder TEXT NOT NULL,
  count INTEGER NOT NULL, first_seen REAL, last_seen REAL, first_scan TEXT NOT NULL,
  PRIMARY KEY (rule_id, device, parent, file, folder)
);
CREATE TABLE IF NOT EXISTS learned_inputs (
  digest TEXT PRIMARY KEY, file TEXT NOT NULL, size INTEGER NOT NULL, events INTEGER NOT NULL, learned_at TEXT NOT NULL
);
`;

/** An input file that baseline learn has committed, identified by the SHA-256 of its content. */
export interface LearnedInput {
  digest: string;
  /** The file name as it was given or found when it was learned. */
  file: string;
  size: number;
  /** Process events learned from it. */
  events: number;
  /** UTC time of the commit, ISO 8601. */
  learnedAt: string;
}

/** A launch as the baseline knows it in one device group. */
export interface BaselineEntry {
  devices: number;
  count: number;
}

/**
 * The state file: a SQLite database with the learned baseline of routine launches (per device and
 * device group) and the history of alerts, so that a later scan can tell a launch or an alert
 * seen before on a host from a new one. Device names are stored in lower case.
 */
export class StateStore {
  private readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();

  /** Prepares `sql` once per store; lookups run once per process event, so this matters. */
  private statement(sql: string): Database.Statement {
    let prepared = this.statements.get(sql);
    if (!prepared) {
      prepared = this.db.prepare(sql);
      this.statements.set(sql, prepared);
    }
    return prepared;
  }

  /**
   * Opens the baseline in `file`, or creates it when no such file exists. An existing file that
   * is not a lurewatch baseline (an empty file, another program's SQLite database, any other
   * file) is rejected with an Error before anything is written to it.
   */
  constructor(readonly file: string) {
    const existed = existsSync(file);
    try {
      this.db = new Database(file);
    } catch (error) {
      throw new Error(`${file}: cannot open the baseline database: ${(error as Error).message}; give a new file name or a file written by 'lurewatch baseline learn'`);
    }
    if (existed) {
      try {
        this.checkIsBaseline();
      } catch (error) {
        this.db.close();
        throw error;
      }
    }
    try {
      this.db.pragma('journal_mode = WAL');
      this.db.exec(schema);
    } catch (error) {
      this.db.close();
      throw new Error(`${file}: cannot open the baseline database: ${(error as Error).message}; give a new file name or a file written by 'lurewatch baseline learn'`);
    }
    if (!existed) this.db.prepare('INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)').run('schema_version', schemaVersion);
  }

  /** Throws unless the open file has the tables lurewatch writes and this schema version in meta. Only reads. */
  private checkIsBaseline(): void {
    const reject = (reason: string): never => {
      throw new Error(`${this.file}: not a lurewatch baseline (${reason}); name a file written by 'lurewatch baseline learn', or a new file for baseline learn to create`);
    };
    let tables: Set<string>;
    try {
      const rows = this.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>;
      tables = new Set(rows.map((row) => row.name));
    } catch (error) {
      return reject(`not a SQLite database: ${(error as Error).message}`);
    }
    if (tables.size === 0) reject('an empty file or database');
    const missing = baselineTables.filter((name) => !tables.has(name));
    if (missing.length > 0) {
      const found = [...tables].sort().slice(0, 5).join(', ');
      reject(`a SQLite database with tables ${found}${tables.size > 5 ? ', ...' : ''} but without ${missing.join(', ')}`);
    }
    const version = this.db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get() as { value: string } | undefined;
    if (version === undefined) reject('its meta table has no schema_version row');
    if (version!.value !== schemaVersion) {
      throw new Error(`${this.file}: baseline database version ${version!.value} is not supported (expected ${schemaVersion}); learn a new one`);
    }
  }

  /** Records launches seen on `device` (one call per process event), in one transaction. */
  learnLaunches(items: Array<{ device: string; group: string; launch: Launch; time: number | null }>): void {
    const upsert = this.db.prepare(`
      INSERT INTO launches (device, device_group, parent, file, folder, count, first_seen, last_seen)
      VALUES (@device, @group, @parent, @file, @folder, 1, @time, @time)
      ON CONFLICT (device, parent, file, folder) DO UPDATE SET
        count = count + 1,
        first_seen = min(coalesce(first_seen, excluded.first_seen), coalesce(excluded.first_seen, first_seen)),
        last_seen = max(coalesce(last_seen, excluded.last_seen), coalesce(excluded.last_seen, last_seen))`);
    this.db.transaction(() => {
      for (const item of items) upsert.run({ device: item.device.toLowerCase(), group: item.group, ...item.launch, time: item.time });
    })();
  }

  /** Looks up a launch in a device group; undefined when the group never saw it. */
  launchInGroup(group: string, launch: Launch): BaselineEntry | undefined {
    const row = this
      .statement('SELECT count(*) AS devices, sum(count) AS count FROM launches WHERE device_group = ? AND parent = ? AND file = ? AND folder = ?')
      .get(group, launch.parent, launch.file, launch.folder) as { devices: number; count: number | null };
    return row.devices > 0 ? { devices: row.devices, count: row.count ?? 0 } : undefined;
  }

  /** True when `device` itself launched this before. */
  launchOnDevice(device: string, launch: Launch): boolean {
    return this.statement('SELECT 1 FROM launches WHERE device = ? AND parent = ? AND file = ? AND folder = ?').get(device.toLowerCase(), launch.parent, launch.file, launch.folder) !== undefined;
  }

  /** Number of launches and devices learned, for messages. */
  launchTotals(): { launches: number; devices: number; groups: number } {
    return this.db.prepare('SELECT count(*) AS launches, count(DISTINCT device) AS devices, count(DISTINCT device_group) AS groups FROM launches').get() as {
      launches: number; devices: number; groups: number;
    };
  }

  /**
   * Records an alert and returns whether the same rule alerted on this launch on this device in an
   * earlier scan, one with another `scan` label. Repeats within one scan do not count as seen.
   */
  recordAlert(ruleId: string, device: string, launch: Launch, time: number | null, scan: string): { seenBefore: boolean; firstSeen: number | null } {
    const key = { rule: ruleId, device: device.toLowerCase(), ...launch };
    const previous = this.db
      .prepare('SELECT first_seen AS firstSeen, first_scan AS firstScan FROM alert_history WHERE rule_id = @rule AND device = @device AND parent = @parent AND file = @file AND folder = @folder')
      .get(key) as { firstSeen: number | null; firstScan: string } | undefined;
    this.db
      .prepare(`
        INSERT INTO alert_history (rule_id, device, parent, file, folder, count, first_seen, last_seen, first_scan)
        VALUES (@rule, @device, @parent, @file, @folder, 1, @time, @time, @scan)
        ON CONFLICT (rule_id, device, parent, file, folder) DO UPDATE SET
          count = count + 1,
          first_seen = min(coalesce(first_seen, excluded.first_seen), coalesce(excluded.first_seen, first_seen)),
          last_seen = max(coalesce(last_seen, excluded.last_seen), coalesce(excluded.last_seen, last_seen))`)
      .run({ ...key, time, scan });
    return { seenBefore: previous !== undefined && previous.firstScan !== scan, firstSeen: previous?.firstSeen ?? null };
  }

  /** Looks up an input file committed by an earlier baseline learn, by the SHA-256 of its content. */
  learnedInput(digest: string): LearnedInput | undefined {
    return this.db
      .prepare('SELECT digest, file, size, events, learned_at AS learnedAt FROM learned_inputs WHERE digest = ?')
      .get(digest) as LearnedInput | undefined;
  }

  /** Records that an input file was learned; call it inside `atomically`, so it commits with the launches. */
  recordLearnedInput(input: Omit<LearnedInput, 'learnedAt'>, learnedAt: Date): void {
    this.db
      .prepare('INSERT OR REPLACE INTO learned_inputs (digest, file, size, events, learned_at) VALUES (?, ?, ?, ?, ?)')
      .run(input.digest, input.file, input.size, input.events, learnedAt.toISOString());
  }

  /**
   * Runs `work` in one write transaction that spans its awaits. Every write commits when `work`
   * resolves to true and rolls back when it resolves to false or throws. Returns what `work`
   * returned. Nothing else may write through this store until it settles.
   */
  async atomically(work: () => Promise<boolean>): Promise<boolean> {
    this.db.exec('BEGIN IMMEDIATE');
    let commit = false;
    try {
      commit = await work();
    } finally {
      this.db.exec(commit ? 'COMMIT' : 'ROLLBACK');
    }
    return commit;
  }

  close(): void {
    this.db.close();
  }
}
