// The technician's settings (settings.json). Each field is validated on its own, so one bad value falls back to
// its default instead of losing the whole file.
import path from 'node:path';
import { z } from 'zod';
import type { CommandArgs, SettingsView } from '../../../shared/contract';
import { LOCAL_API_PORT } from '../../../shared/local-api/types';
import { JsonFile, readJsonValidated, type StoreProblem } from './atomic-json';

export const DEFAULT_SETTINGS: SettingsView = {
  mdnsInterfaces: 'all',
  linkConcurrency: 16,
  uploadConcurrency: 2,
  probePort: LOCAL_API_PORT,
  theme: 'auto',
};

const fileSchema = z.object({
  version: z.literal(1).catch(1),
  mdnsInterfaces: z.union([z.literal('all'), z.array(z.ipv4()).max(32)]).catch(DEFAULT_SETTINGS.mdnsInterfaces),
  linkConcurrency: z.number().int().min(1).max(64).catch(DEFAULT_SETTINGS.linkConcurrency),
  uploadConcurrency: z.number().int().min(1).max(8).catch(DEFAULT_SETTINGS.uploadConcurrency),
  probePort: z.number().int().min(1).max(65535).catch(DEFAULT_SETTINGS.probePort),
  theme: z.enum(['light', 'dark', 'auto']).catch(DEFAULT_SETTINGS.theme),
});

export class SettingsStore {
  private current: SettingsView = { ...DEFAULT_SETTINGS };
  private readonly file: JsonFile<unknown>;

  constructor(
    stateDir: string,
    private readonly onProblem: (p: StoreProblem) => void,
  ) {
    this.file = new JsonFile(path.join(stateDir, 'settings.json'), (err) =>
      onProblem({ file: 'settings.json', message: `cannot save: ${(err as Error).message}`, movedTo: null }),
    );
  }

  async load(): Promise<void> {
    const data = await readJsonValidated(this.file.file, fileSchema, () => ({ version: 1 as const, ...DEFAULT_SETTINGS }), this.onProblem);
    const { version: _version, ...settings } = data;
    this.current = settings;
  }

  get(): SettingsView {
    return { ...this.current, mdnsInterfaces: this.current.mdnsInterfaces === 'all' ? 'all' : [...this.current.mdnsInterfaces] };
  }

  async update(change: CommandArgs<'settings.set'>): Promise<SettingsView> {
    const next: SettingsView = { ...this.current };
    for (const [key, value] of Object.entries(change)) {
      if (value !== undefined) (next as unknown as Record<string, unknown>)[key] = value;
    }
    this.current = next;
    await this.file.save({ version: 1, ...next });
    return this.get();
  }

  flush(): Promise<void> {
    return this.file.flush();
  }
}
