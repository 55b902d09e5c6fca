// The site's action log: one JSON line per action Fieldlink took on hosts (time, action, hosts, result, reason), so
// the technician can hand over a record of the day. It lives in a folder given from outside (the state folder
// today, a site's folder once sites exist) and is append-only. Secrets never reach it: only the fields of
// ActionLogEntry are written (a task's details and anything else it carries are not copied), and every text passes
// through the core's SecretSet, which blanks each password, session token and link token the core has seen.
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ActionLogEntry, ActionLogHost, TaskView } from '../../../shared/contract';
import type { CoreLogger, SecretSet } from '../log';
import { cleanText } from '../util/text';

export const ACTION_LOG_FILE = 'actions.jsonl';

/** Tasks that change nothing on a host (reading a range, checking a group) are not actions to hand over. */
const NOT_ACTIONS = new Set<string>(['probe', 'validate']);

export interface ActionLogFilter {
  limit?: number;
  action?: string;
  /** A host id or name (case-insensitive). */
  host?: string;
  result?: string;
}

/** Where an action log is kept; small on purpose, so a site can hand its own folder in. */
export interface ActionLogStore {
  append(entry: ActionLogEntry): Promise<void>;
  list(filter?: ActionLogFilter): Promise<ActionLogEntry[]>;
}

export class ActionLog implements ActionLogStore {
  private dir: string;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    dir: string,
    private readonly secrets: SecretSet,
    private readonly logger: CoreLogger,
  ) {
    this.dir = dir;
  }

  get file(): string {
    return path.join(this.dir, ACTION_LOG_FILE);
  }

  /**
   * Later entries go to another folder (a site switched); earlier ones stay where they were written. Only tests
   * call it today: the sites feature will, when the technician switches sites.
   */
  moveTo(dir: string): void {
    this.dir = dir;
  }

  /** The entry for a task that ended; null for tasks that are not actions on hosts. */
  entryForTask(task: TaskView): ActionLogEntry | null {
    if (NOT_ACTIONS.has(task.kind)) return null;
    return {
      time: task.endedAt ?? new Date().toISOString(),
      action: task.kind,
      title: task.title,
      hosts: task.hosts.map((h): ActionLogHost => ({ id: h.hostId, name: h.name, result: h.state, message: h.message })),
      result: task.state,
      reason: task.state === 'succeeded' ? null : (task.error?.message ?? task.hosts.find((h) => h.state !== 'succeeded')?.message ?? null),
    };
  }

  recordTask(task: TaskView): Promise<void> {
    const entry = this.entryForTask(task);
    return entry ? this.append(entry) : Promise.resolve();
  }

  append(entry: ActionLogEntry): Promise<void> {
    const line = `${JSON.stringify(this.scrub(entry))}\n`;
    const file = this.file;
    const dir = this.dir;
    // Serialised: two tasks ending together must not interleave their lines.
    this.writing = this.writing
      .then(async () => {
        await mkdir(dir, { recursive: true });
        await appendFile(file, line, { encoding: 'utf8', mode: 0o600 });
      })
      .catch((err: unknown) => this.logger.warn('the action log could not be written', { file, error: err }));
    return this.writing;
  }

  async list(filter: ActionLogFilter = {}): Promise<ActionLogEntry[]> {
    await this.writing;
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as { code?: string }).code === 'ENOENT') return [];
      throw err;
    }
    const host = filter.host?.toLowerCase();
    const entries: ActionLogEntry[] = [];
    for (const line of text.split('\n')) {
      const entry = parseLine(line);
      if (!entry) continue;
      if (filter.action && entry.action !== filter.action) continue;
      if (filter.result && entry.result !== filter.result) continue;
      if (host && !entry.hosts.some((h) => h.id.toLowerCase() === host || h.name.toLowerCase() === host)) continue;
      entries.push(entry);
    }
    return filter.limit ? entries.slice(-filter.limit) : entries;
  }

  /** Resolves once every line appended so far is on disk. */
  flush(): Promise<void> {
    return this.writing;
  }

  private scrub(entry: ActionLogEntry): ActionLogEntry {
    const text = (value: string | null, max: number) => (value === null ? null : (cleanText(this.secrets.scrub(value), max) ?? null));
    return {
      time: entry.time,
      action: text(entry.action, 50) ?? 'unknown',
      title: text(entry.title, 300) ?? '',
      hosts: entry.hosts.slice(0, 1000).map((h) => ({
        id: text(h.id, 200) ?? '',
        name: text(h.name, 200) ?? '',
        result: text(h.result, 30) ?? '',
        message: text(h.message, 1000),
      })),
      result: text(entry.result, 30) ?? '',
      reason: text(entry.reason, 1000),
    };
  }
}

/** A line written by any version of Fieldlink, or a torn last line after a crash: only well-formed entries count. */
function parseLine(line: string): ActionLogEntry | null {
  if (!line.trim()) return null;
  try {
    const value = JSON.parse(line) as Partial<ActionLogEntry>;
    if (typeof value.time !== 'string' || typeof value.action !== 'string' || !Array.isArray(value.hosts)) return null;
    return {
      time: value.time,
      action: value.action,
      title: typeof value.title === 'string' ? value.title : '',
      hosts: value.hosts.filter((h): h is ActionLogHost => !!h && typeof h.id === 'string' && typeof h.name === 'string'),
      result: typeof value.result === 'string' ? value.result : '',
      reason: typeof value.reason === 'string' ? value.reason : null,
    };
  } catch {
    return null;
  }
}
