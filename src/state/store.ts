import Database from 'better-sqlite3';
import type { Launch } from '../tuning/patterns.js';

/** Version of the tables below; a file written by another version is rejected with a message. */
const schemaVersion = '1';

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
`;

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

  constructor(readonly file: string) {
    try {
      this.db = new Database(file);
      this.db.pragma('journal_mode = WAL');
      this.db.exec(schema);
    } catch (error) {
      throw new Error(`${file}: cannot open the baseline database: ${(error as Error).message}; give a new file name or a file written by 'lurewatch baseline learn'`);
    }
    const version = this.db.prepare('SELECT value FROM meta WHERE key = ?').get('schema_version') as { value: string } | undefined;
    if (version === undefined) this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run('schema_version', schemaVersion);
    else if (version.value !== schemaVersion) throw new Error(`${file}: baseline database version ${version.value} is not supported (expected ${schemaVersion}); learn a new one`);
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

  close(): void {
    this.db.close();
  }
}
