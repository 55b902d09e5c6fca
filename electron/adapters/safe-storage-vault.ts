// The core's Vault on Electron's safeStorage: each secret encrypted with the operating system's key store
// (Keychain, DPAPI, libsecret/kwallet) and kept as base64 in one JSON file in userData. The file holds no secret in
// the clear; without the user's OS login it is useless. When the OS offers no real encryption (no keyring, or
// Linux's 'basic_text' backend on a desktop Electron does not recognise: sway, Hyprland, i3, bare X) nothing is
// written that only looks protected: secrets are kept in memory for this session only, and the shell tells the user
// once (onSessionOnly).
import { readFile } from 'node:fs/promises';
import { jsonText, writeFileAtomic } from '../../shared/node/atomic-file';
import type { Vault } from '../core/vault';

/** The slice of Electron's safeStorage the vault uses. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only in Electron; 'basic_text' means a hard-coded key, i.e. no protection. */
  getSelectedStorageBackend?(): string;
}

interface VaultFile {
  version: 1;
  entries: Record<string, string>;
}

/** Shown once, the first time a password is kept for the session only. */
export const SESSION_ONLY_MESSAGE =
  'Fieldlink keeps passwords for this session only: this computer offers no system key store it can use. ' +
  'They are forgotten when Fieldlink quits. To keep them, install and unlock a keyring (GNOME Keyring or KWallet) ' +
  'and restart Fieldlink; on a Linux desktop Fieldlink does not recognise, start it with ' +
  '--password-store=gnome-libsecret (or kwallet5, kwallet6).';

/** Whether safeStorage gives real protection here. */
export function encryptionUsable(storage: SafeStorageLike, platform: NodeJS.Platform = process.platform): boolean {
  if (!storage.isEncryptionAvailable()) return false;
  // On Linux without a keyring Electron falls back to a fixed key ('basic_text'): that is obfuscation, not encryption.
  if (platform === 'linux' && storage.getSelectedStorageBackend?.() === 'basic_text') return false;
  return true;
}

export class SafeStorageVault implements Vault {
  private entries: Record<string, string> | null = null;
  /** Secrets set while encryption is unusable: this session only, never on disk. */
  private readonly session = new Map<string, string>();
  private toldSessionOnly = false;
  /** Writes are chained so two quick changes cannot interleave and lose one. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly file: string,
    private readonly storage: SafeStorageLike,
    private readonly platform: NodeJS.Platform = process.platform,
    private readonly onProblem: (message: string) => void = () => {},
    /** Called once, the first time a secret is kept for the session only. */
    private readonly onSessionOnly: (message: string) => void = () => {},
  ) {}

  /** Read each time: a keyring unlocked meanwhile is used from then on. */
  get savesSecrets(): boolean {
    return encryptionUsable(this.storage, this.platform);
  }

  async get(key: string): Promise<string | null> {
    const kept = this.session.get(key);
    if (kept !== undefined) return kept;
    const entries = await this.load();
    const blob = entries[key];
    if (blob === undefined) return null;
    if (!encryptionUsable(this.storage, this.platform)) return null;
    try {
      return this.storage.decryptString(Buffer.from(blob, 'base64'));
    } catch {
      // Encrypted under another OS account or a reset keychain: as good as absent; the user enters it again.
      this.onProblem(`A stored secret could not be decrypted and was ignored (${key.slice(0, 80)}).`);
      return null;
    }
  }

  async set(key: string, value: string): Promise<void> {
    if (!encryptionUsable(this.storage, this.platform)) {
      this.session.set(key, value);
      if (!this.toldSessionOnly) {
        this.toldSessionOnly = true;
        this.onSessionOnly(SESSION_ONLY_MESSAGE);
      }
      // An older encrypted copy on disk would come back in a later session, once a key store works again, though
      // the user replaced it: it goes.
      if ((await this.load())[key] !== undefined) {
        await this.change((entries) => {
          delete entries[key];
        });
      }
      return;
    }
    this.session.delete(key);
    const blob = this.storage.encryptString(value).toString('base64');
    await this.change((entries) => {
      entries[key] = blob;
    });
  }

  async delete(key: string): Promise<void> {
    this.session.delete(key);
    await this.change((entries) => {
      delete entries[key];
    });
  }

  private change(edit: (entries: Record<string, string>) => void): Promise<void> {
    const run = this.queue.then(async () => {
      const entries = { ...(await this.load()) };
      edit(entries);
      await this.save(entries);
      this.entries = entries;
    });
    // The caller of this change gets its failure from `run`; the queue only has to go on after it.
    this.queue = run.catch(() => {});
    return run;
  }

  private async load(): Promise<Record<string, string>> {
    if (this.entries) return this.entries;
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch {
      this.entries = {};
      return this.entries;
    }
    try {
      const parsed = JSON.parse(text) as Partial<VaultFile>;
      const entries = parsed && parsed.version === 1 && parsed.entries && typeof parsed.entries === 'object' ? parsed.entries : {};
      this.entries = Object.fromEntries(Object.entries(entries).filter(([, v]) => typeof v === 'string'));
    } catch {
      this.onProblem('The secrets file was unreadable and is being started afresh.');
      this.entries = {};
    }
    return this.entries;
  }

  private async save(entries: Record<string, string>): Promise<void> {
    const body: VaultFile = { version: 1, entries };
    // The shared writer syncs file and folder, so a power cut leaves the old or the new vault, never half of one.
    await writeFileAtomic(this.file, jsonText(body), 0o600);
  }
}
