// Pinned host certificates (certificates.json), trust on first use like SSH's known_hosts.
//
// A pin belongs to an endpoint (address:port) and, once the host's own answer has confirmed it, to its agent id.
// Matching uses both, plus the id a host merely *claims* (mDNS TXT, a peer list): a newcomer that claims the id
// of a pinned host but presents another certificate is reported as a changed certificate, not as a new host.
import path from 'node:path';
import { z } from 'zod';
import { normalizeFingerprint } from '../util/fingerprint';
import { JsonFile, readJsonValidated, type StoreProblem } from './atomic-json';

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

export class PinStore {
  private pins: Pin[] = [];
  private readonly file: JsonFile<unknown>;

  constructor(
    stateDir: string,
    private readonly onProblem: (p: StoreProblem) => void,
  ) {
    this.file = new JsonFile(path.join(stateDir, 'certificates.json'), (err) =>
      onProblem({ file: 'certificates.json', message: `cannot save: ${(err as Error).message}`, movedTo: null }),
    );
  }

  async load(): Promise<void> {
    this.pins = (await readJsonValidated(this.file.file, fileSchema, () => ({ version: 1 as const, pins: [] }), this.onProblem)).pins;
  }

  private relevant(who: PinIdentity): Pin[] {
    return this.pins.filter(
      (p) =>
        p.endpoint === who.endpoint ||
        (p.id !== null && (p.id === who.confirmedId || p.id === who.claimedId)),
    );
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
    this.pins = this.pins.filter((p) => p.endpoint !== who.endpoint && !(p.id !== null && p.id === who.confirmedId));
    this.pins.push({ id: who.confirmedId, endpoint: who.endpoint, fingerprint, pinnedAt: new Date().toISOString() });
    void this.file.save({ version: 1, pins: this.pins });
  }

  /** Records the confirmed id on the pin of the certificate the host was reached with. */
  confirm(endpoint: string, id: string, fingerprint: string): void {
    let changed = false;
    for (const pin of this.pins) {
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
    if (changed) void this.file.save({ version: 1, pins: this.pins });
  }

  flush(): Promise<void> {
    return this.file.flush();
  }
}
