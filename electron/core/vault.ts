// Secrets (passwords) live only behind this interface: in memory under Node, on Electron's safeStorage in the app.

export interface Vault {
  /**
   * false: the secrets end with this process (MemoryVault), so the credential index it would write could never be
   * honoured by another process; the index then stays in memory too. Unset means persistent.
   */
  readonly persistent?: boolean;
  /** false: the secrets this process is given are not saved (a desktop without a usable key store). Unset: saved when persistent. */
  readonly savesSecrets?: boolean;
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

/** Keeps secrets for the life of the process only; nothing reaches the disk. */
export class MemoryVault implements Vault {
  readonly persistent = false;
  private readonly values = new Map<string, string>();

  async get(key: string): Promise<string | null> {
    return this.values.get(key) ?? null;
  }

  async set(key: string, value: string): Promise<void> {
    this.values.set(key, value);
  }

  async delete(key: string): Promise<void> {
    this.values.delete(key);
  }
}
