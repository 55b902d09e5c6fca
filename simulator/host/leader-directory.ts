// A spec-only token names no port, yet every simulated host listens on 127.0.0.1 with its own port. On a real site
// each host has its own address; here the process-wide directory plays that part of the network.
import type { OtpCheck } from './otp';

/** What the directory needs of a host: where it listens, its certificate, and whether a password is its own. */
export interface DirectoryEntry {
  readonly id: string;
  readonly address: string;
  readonly port: number;
  readonly certPem: string;
  readonly fingerprint: string;
  checkOtp(otp: string): OtpCheck;
}

const entries = new Set<DirectoryEntry>();

export const leaderDirectory = {
  add(entry: DirectoryEntry): void {
    entries.add(entry);
  },
  remove(entry: DirectoryEntry): void {
    entries.delete(entry);
  },
  /**
   * The host whose password this is (current first, else one whose earlier password it was, so the follower is
   * told "expired" by that leader, as on a real site), limited to `address` when the token shows one.
   */
  find(otp: string, address?: string): DirectoryEntry | null {
    const candidates = [...entries].filter((e) => address === undefined || e.address === address);
    const checked = candidates.map((entry) => ({ entry, check: entry.checkOtp(otp) }));
    return checked.find((c) => c.check === 'valid')?.entry ?? checked.find((c) => c.check === 'expired')?.entry ?? null;
  },
};
