// The technician's settings (settings.json). Each field is validated on its own, so one bad value falls back to
// its default instead of losing the whole file.
import path from 'node:path';
import { z } from 'zod';
import type { CommandArgs, SettingsView } from '../../../shared/contract';
import { LOCAL_API_PORT } from '../../../shared/local-api/types';
import { cleanText } from '../util/text';
import { MergedJsonFile, readJsonValidated, type StoreProblem } from './atomic-json';

export const DEFAULT_SETTINGS: Required<SettingsView> = {
  mdnsInterfaces: 'all',
  linkConcurrency: 16,
  uploadConcurrency: 2,
  probePort: LOCAL_API_PORT,
  theme: 'auto',
  staleDays: 14,
  technician: '',
};

export const MAX_TECHNICIAN = 100;

/** The name goes on printed reports: printable, one line, bounded; '' when nothing usable is left. */
const cleanTechnician = (value: string): string => cleanText(value, MAX_TECHNICIAN) ?? '';

const fileSchema = z.object({
  version: z.literal(1).catch(1),
  mdnsInterfaces: z.union([z.literal('all'), z.array(z.ipv4()).max(32)]).catch(DEFAULT_SETTINGS.mdnsInterfaces),
  linkConcurrency: z.number().int().min(1).max(64).catch(DEFAULT_SETTINGS.linkConcurrency),
  uploadConcurrency: z.number().int().min(1).max(8).catch(DEFAULT_SETTINGS.uploadConcurrency),
  probePort: z.number().int().min(1).max(65535).catch(DEFAULT_SETTINGS.probePort),
  theme: z.enum(['light', 'dark', 'auto']).catch(DEFAULT_SETTINGS.theme),
  staleDays: z.number().int().min(1).max(3650).catch(DEFAULT_SETTINGS.staleDays),
  technician: z.string().max(1000).transform(cleanTechnician).catch(DEFAULT_SETTINGS.technician),
});

export class SettingsStore {
  private current: SettingsView = { ...DEFAULT_SETTINGS };
  private readonly file: MergedJsonFile<z.infer<typeof fileSchema>>;

  constructor(
    stateDir: string,
    private readonly onProblem: (p: StoreProblem) => void,
    lockWaitMs?: number,
  ) {
    this.file = new MergedJsonFile(
      path.join(stateDir, 'settings.json'),
      fileSchema,
      () => ({ version: 1 as const, ...DEFAULT_SETTINGS }),
      onProblem,
      'the settings file',
      lockWaitMs,
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
    const changed: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(change)) if (value !== undefined) changed[key] = value;
    if (typeof change.technician === 'string') changed.technician = cleanTechnician(change.technician);
    this.current = { ...this.current, ...changed } as SettingsView;
    // Only the fields changed here: a setting another process saved meanwhile stays as it saved it.
    await this.file.update((current) => ({ ...current, ...changed, version: 1 }));
    return this.get();
  }

  flush(): Promise<void> {
    return this.file.flush();
  }

  /** Saves what is pending and takes no further changes to the file (the core is closing). */
  close(): Promise<void> {
    return this.file.close();
  }
}
