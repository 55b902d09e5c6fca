// Site credentials (one user for every host) and per-host overrides. Passwords go only to the vault; the plain
// index file (credentials.json) holds user names and which hosts have an override, which the UI shows anyway.
//
// Several processes share the state folder: the desktop app (secrets in the OS keyring), and CLI or `serve` runs
// (secrets in memory for the run). The index in memory is what *this* process can use; the file is everyone's.
// A process with a memory vault never writes the file (its secrets end with it), and a process with a persistent
// vault writes only its own change onto the file as it is now, so nobody's saved user or host entries are lost.
import path from 'node:path';
import { z } from 'zod';
import type { CredentialStatus } from '../../../shared/contract';
import type { SecretSet } from '../log';
import type { Vault } from '../vault';
import { MergedJsonFile, readJsonValidated, type StoreProblem } from './atomic-json';

export interface Credentials {
  username: string;
  password: string;
}

const SITE_KEY = 'fieldlink.credentials.site';
/** A memory vault keeps the index beside the secrets, so a site switched away from and back finds both again. */
const INDEX_KEY = 'fieldlink.credentials.index';
const hostKey = (hostId: string) => `fieldlink.credentials.host.${hostId}`;

const indexSchema = z.object({
  version: z.literal(1),
  siteUser: z.string().max(256).nullable(),
  hostUsers: z.record(z.string().max(200), z.string().max(256)),
});
type Index = z.infer<typeof indexSchema>;
const emptyIndex = (): Index => ({ version: 1, siteUser: null, hostUsers: {} });

const secretSchema = z.object({ username: z.string(), password: z.string() });

export class CredentialStore {
  private index: Index = emptyIndex();
  private readonly file: MergedJsonFile<Index>;
  /** Bumped on every change, so a host whose login failed may try again with what the user just entered. */
  generation = 0;

  constructor(
    stateDir: string,
    private readonly vault: Vault,
    private readonly secrets: SecretSet,
    private readonly onProblem: (p: StoreProblem) => void,
    lockWaitMs?: number,
  ) {
    this.file = new MergedJsonFile(path.join(stateDir, 'credentials.json'), indexSchema, emptyIndex, onProblem, 'the record of saved user names', lockWaitMs);
  }

  /**
   * Loads the index, keeping in memory only the entries whose secret this vault has (a memory vault has none).
   * The file keeps them: they belong to the process that saved them.
   */
  async load(): Promise<void> {
    const saved = this.vault.persistent === false ? await this.memoryIndex() : await readJsonValidated(this.file.file, indexSchema, emptyIndex, this.onProblem);
    this.index = emptyIndex();
    if (saved.siteUser !== null && (await this.read(SITE_KEY))) this.index.siteUser = saved.siteUser;
    for (const [id, user] of Object.entries(saved.hostUsers)) {
      if (await this.read(hostKey(id))) this.index.hostUsers[id] = user;
    }
  }

  /** Writes this process's change onto the file as it is now (never for a memory vault, see the top). */
  private save(change: (index: Index) => void): Promise<void> {
    if (this.vault.persistent === false) return this.vault.set(INDEX_KEY, JSON.stringify(this.index));
    return this.file.update((current) => {
      change(current);
      return current;
    });
  }

  private async memoryIndex(): Promise<Index> {
    const text = await this.vault.get(INDEX_KEY);
    const parsed = text ? indexSchema.safeParse(JSON.parse(text)) : null;
    return parsed?.success ? parsed.data : emptyIndex();
  }

  status(): CredentialStatus {
    return {
      siteSet: this.index.siteUser !== null,
      siteUser: this.index.siteUser,
      hostOverrides: Object.keys(this.index.hostUsers).sort(),
      saved: this.vault.persistent !== false && this.vault.savesSecrets !== false,
    };
  }

  hasOverride(hostId: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.index.hostUsers, hostId);
  }

  async setSite(c: Credentials): Promise<void> {
    this.secrets.add(c.password);
    await this.vault.set(SITE_KEY, JSON.stringify(c));
    this.index.siteUser = c.username;
    this.generation++;
    await this.save((i) => void (i.siteUser = c.username));
  }

  async setHost(hostId: string, c: Credentials): Promise<void> {
    this.secrets.add(c.password);
    await this.vault.set(hostKey(hostId), JSON.stringify(c));
    this.index.hostUsers[hostId] = c.username;
    this.generation++;
    await this.save((i) => void (i.hostUsers[hostId] = c.username));
  }

  async clearHost(hostId: string): Promise<void> {
    await this.vault.delete(hostKey(hostId));
    delete this.index.hostUsers[hostId];
    this.generation++;
    await this.save((i) => void delete i.hostUsers[hostId]);
  }

  /** A host's override moves with it when its key changes from its address to its agent id. */
  async rename(fromId: string, toId: string): Promise<void> {
    if (!this.hasOverride(fromId) || this.hasOverride(toId)) return;
    const secret = await this.vault.get(hostKey(fromId));
    if (secret) await this.vault.set(hostKey(toId), secret);
    await this.vault.delete(hostKey(fromId));
    const user = this.index.hostUsers[fromId]!;
    this.index.hostUsers[toId] = user;
    delete this.index.hostUsers[fromId];
    await this.save((i) => {
      i.hostUsers[toId] = user;
      delete i.hostUsers[fromId];
    });
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

  /** Saves what is pending and takes no further changes to the file (the core is closing). */
  close(): Promise<void> {
    return this.file.close();
  }
}
