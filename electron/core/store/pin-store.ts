// Pinned host certificates (certificates.json), trust on first use like SSH's known_hosts.
//
// A pin belongs to an endpoint (address:port) and, once the host's own answer has confirmed it, to its agent id.
// Matching uses both, plus the id a host merely *claims* (mDNS TXT, a peer list): a newcomer that claims the id
// of a pinned host but presents another certificate is reported as a changed certificate, not as a new host.
import path from 'node:path';
import { z } from 'zod';
import { normalizeFingerprint } from '../util/fingerprint';
import { MergedJsonFile, readJsonValidated, type StoreProblem } from './atomic-json';

export type CertVerdict = 'trusted' | 'unknown' | 'changed';

export interface PinIdentity {
  confirmedId: string | null;
  claimedId: string | null;
  endpoint: string;
}

const pinSchema = z.object({
  id: z.string().max(200).nullable(),
  endpoint: z.string().max(120).nullable(),
  fingerprint: z.string().transform((v, ctx) => normalizeFingerprint(v) ?? (ctx.addIssue({ code: 'custom', message: 'bad fingerprint' }), z.NEVER)),
  pinnedAt: z.string().max(40),
});
type Pin = z.infer<typeof pinSchema>;

const fileSchema = z.object({ version: z.literal(1), pins: z.array(pinSchema).max(10000) });
type PinFile = z.infer<typeof fileSchema>;
const emptyFile = (): PinFile => ({ version: 1, pins: [] });

export class PinStore {
  private pins: Pin[] = [];
  private readonly file: MergedJsonFile<PinFile>;

  constructor(
    stateDir: string,
    private readonly onProblem: (p: StoreProblem) => void,
    lockWaitMs?: number,
  ) {
    this.file = new MergedJsonFile(
      path.join(stateDir, 'certificates.json'),
      fileSchema,
      emptyFile,
      onProblem,
      'the record of pinned host certificates',
      lockWaitMs,
    );
  }

  async load(): Promise<void> {
    this.pins = (await readJsonValidated(this.file.file, fileSchema, emptyFile, this.onProblem)).pins;
  }

  /**
   * Applies one change to the pins in memory and to the file as it is now: a pin another process (the desktop
   * app, a CLI run) saved meanwhile is kept. Answers whether the change touched this process's pins.
   */
  private mutate(change: (pins: Pin[]) => boolean, evenIfUntouched = false): boolean {
    const touched = change(this.pins);
    if (touched || evenIfUntouched) {
      // update() never rejects: a failed write is reported through the store's problem callback.
      void this.file.update((current) => {
        change(current.pins);
        return current;
      });
    }
    return touched;
  }

  private relevant(who: PinIdentity): Pin[] {
    return this.pins.filter((p) => p.endpoint === who.endpoint || (p.id !== null && (p.id === who.confirmedId || p.id === who.claimedId)));
  }

  verdict(who: PinIdentity, fingerprint: string): CertVerdict {
    const pins = this.relevant(who);
    if (pins.length === 0) return 'unknown';
    return pins.some((p) => p.fingerprint === fingerprint) ? 'trusted' : 'changed';
  }

  /** The fingerprint pinned for this host, if any (the endpoint's or the confirmed id's). */
  pinnedFor(who: PinIdentity): string | null {
    const own = this.pins.filter((p) => p.endpoint === who.endpoint || (p.id !== null && p.id === who.confirmedId));
    return own.at(-1)?.fingerprint ?? null;
  }

  /** True when `id` is pinned to a certificate other than `fingerprint`: a host claiming someone else's id. */
  idPinnedElsewhere(id: string, fingerprint: string): boolean {
    const pins = this.pins.filter((p) => p.id === id);
    return pins.length > 0 && !pins.some((p) => p.fingerprint === fingerprint);
  }

  /** Trusts `fingerprint` for this host, replacing what was pinned for its endpoint and confirmed id. */
  trust(who: PinIdentity, fingerprint: string): void {
    const pin: Pin = { id: who.confirmedId, endpoint: who.endpoint, fingerprint, pinnedAt: new Date().toISOString() };
    this.mutate((pins) => {
      removeWhere(pins, (p) => p.endpoint === who.endpoint || (p.id !== null && p.id === who.confirmedId));
      pins.push({ ...pin });
      return true;
    });
  }

  /** Drops every pin of these endpoints and ids (the host is forgotten: the next contact asks again). */
  forget(who: { endpoints: readonly string[]; ids: readonly string[] }): void {
    const gone = (p: Pin) => (p.endpoint !== null && who.endpoints.includes(p.endpoint)) || (p.id !== null && who.ids.includes(p.id));
    // Also from the file when this process had none: another process may have pinned the host.
    this.mutate((pins) => removeWhere(pins, gone), true);
  }

  /** Records the confirmed id on the pin of the certificate the host was reached with. */
  confirm(endpoint: string, id: string, fingerprint: string): void {
    this.mutate((pins) => confirmPins(pins, endpoint, id, fingerprint));
  }

  flush(): Promise<void> {
    return this.file.flush();
  }

  /** Saves what is pending and takes no further changes to the file (the core is closing). */
  close(): Promise<void> {
    return this.file.close();
  }
}

function removeWhere(pins: Pin[], gone: (p: Pin) => boolean): boolean {
  const kept = pins.filter((p) => !gone(p));
  const touched = kept.length !== pins.length;
  pins.splice(0, pins.length, ...kept);
  return touched;
}

function confirmPins(pins: Pin[], endpoint: string, id: string, fingerprint: string): boolean {
  let changed = false;
  for (const pin of pins) {
    if (pin.endpoint === endpoint && pin.fingerprint === fingerprint && pin.id !== id) {
      pin.id = id;
      changed = true;
    }
    // The host moved: its pin follows it to the new endpoint.
    if (pin.id === id && pin.fingerprint === fingerprint && pin.endpoint !== endpoint) {
      pin.endpoint = endpoint;
      changed = true;
    }
  }
  return changed;
}
