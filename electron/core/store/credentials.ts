// Site credentials (one user for every host) and per-host overrides. Passwords go only to the vault; the plain
// index file (credentials.json) holds user names and which hosts have an override, which the UI shows anyway.
import path from 'node:path';
import { z } from 'zod';
import type { CredentialStatus } from '../../../shared/contract';
import type { SecretSet } from '../log';
import type { Vault } from '../vault';
import { JsonFile, readJsonValidated, type StoreProblem } from './atomic-json';

export interface Credentials {
  username: string;
  password: string;
}

const SITE_KEY = 'fieldlink.credentials.site';
const hostKey = (hostId: string) => `fieldlink.credentials.host.${hostId}`;

const indexSchema = z.object({
  version: z.literal(1),
  siteUser: z.string().max(256).nullable(),
  hostUsers: z.record(z.string().max(200), z.string().max(256)),
});
type Index = z.infer<typeof indexSchema>;

const secretSchema = z.object({ username: z.string(), password: z.string() });

export class CredentialStore {
  private index: Index = { version: 1, siteUser: null, hostUsers: {} };
  private readonly file: JsonFile<Index>;
  /** Bumped on every change, so a host whose login failed may try again with what the user just entered. */
  generation = 0;

  constructor(
    stateDir: string,
    private readonly vault: Vault,
    private readonly secrets: SecretSet,
    private readonly onProblem: (p: StoreProblem) => void,
  ) {
    this.file = new JsonFile(path.join(stateDir, 'credentials.json'), (err) =>
      onProblem({ file: 'credentials.json', message: `cannot save: ${(err as Error).message}`, movedTo: null }),
    );
  }

  /** Loads the index and drops entries whose secret the vault no longer has (a memory vault after a restart). */
  async load(): Promise<void> {
    this.index = await readJsonValidated(this.file.file, indexSchema, () => ({ version: 1 as const, siteUser: null, hostUsers: {} }), this.onProblem);
    let changed = false;
    if (this.index.siteUser !== null && !(await this.read(SITE_KEY))) {
      this.index.siteUser = null;
      changed = true;
    }
    for (const id of Object.keys(this.index.hostUsers)) {
      if (!(await this.read(hostKey(id)))) {
        delete this.index.hostUsers[id];
        changed = true;
      }
    }
    if (changed) void this.file.save(this.index);
  }

  status(): CredentialStatus {
    return { siteSet: this.index.siteUser !== null, siteUser: this.index.siteUser, hostOverrides: Object.keys(this.index.hostUsers).sort() };
  }

  hasOverride(hostId: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.index.hostUsers, hostId);
  }

  async setSite(c: Credentials): Promise<void> {
    this.secrets.add(c.password);
    await this.vault.set(SITE_KEY, JSON.stringify(c));
    this.index.siteUser = c.username;
    this.generation++;
    await this.file.save(this.index);
  }

  async setHost(hostId: string, c: Credentials): Promise<void> {
    this.secrets.add(c.password);
    await this.vault.set(hostKey(hostId), JSON.stringify(c));
    this.index.hostUsers[hostId] = c.username;
    this.generation++;
    await this.file.save(this.index);
  }

  async clearHost(hostId: string): Promise<void> {
    await this.vault.delete(hostKey(hostId));
    delete this.index.hostUsers[hostId];
    this.generation++;
    await this.file.save(this.index);
  }

  /** A host's override moves with it when its key changes from its address to its agent id. */
  async rename(fromId: string, toId: string): Promise<void> {
    if (!this.hasOverride(fromId) || this.hasOverride(toId)) return;
    const secret = await this.vault.get(hostKey(fromId));
    if (secret) await this.vault.set(hostKey(toId), secret);
    await this.vault.delete(hostKey(fromId));
    this.index.hostUsers[toId] = this.index.hostUsers[fromId]!;
    delete this.index.hostUsers[fromId];
    await this.file.save(this.index);
  }

  /** The credentials for a host: its override, else the site's; null when neither is set. */
  async forHost(hostId: string): Promise<Credentials | null> {
    return (this.hasOverride(hostId) ? await this.read(hostKey(hostId)) : null) ?? (await this.read(SITE_KEY));
  }

  private async read(key: string): Promise<Credentials | null> {
    try {
      const raw = await this.vault.get(key);
      if (!raw) return null;
      const parsed = secretSchema.safeParse(JSON.parse(raw));
      if (!parsed.success) return null;
      this.secrets.add(parsed.data.password);
      return parsed.data;
    } catch {
      return null;
    }
  }

  flush(): Promise<void> {
    return this.file.flush();
  }
}
