// Link tokens carry a one-time password that rotates; deriving it from the clock needs no timer per leader.
import { createHmac, randomBytes } from 'node:crypto';

/** How far back a used password is still recognised, to tell "expired" from "wrong". */
const REMEMBERED_EPOCHS = 120;

export type OtpCheck = 'valid' | 'expired' | 'invalid';

/**
 * The leader's one-time passwords, derived from a secret and the clock (like TOTP) instead of being stored and
 * rotated by a timer: a hundred leaders cost no timers, and a restarted leader keeps the same sequence. A password
 * is good for the rest of its interval, for any number of followers, as the page's "copy the token to each host"
 * procedure needs.
 */
export class OtpClock {
  constructor(
    private readonly secret: string,
    private readonly startedAt: number,
    private readonly intervalSec: number,
  ) {}

  static newSecret(): string {
    return randomBytes(32).toString('hex');
  }

  current(now = Date.now()): { otp: string; remainingSec: number } {
    const epoch = this.epochAt(now);
    const endsAt = this.startedAt + (epoch + 1) * this.intervalMs;
    return { otp: this.otpFor(epoch), remainingSec: Math.max(0, Math.ceil((endsAt - now) / 1000)) };
  }

  check(otp: string, now = Date.now()): OtpCheck {
    const epoch = this.epochAt(now);
    if (otp === this.otpFor(epoch)) return 'valid';
    for (let past = epoch - 1; past >= Math.max(0, epoch - REMEMBERED_EPOCHS); past--) {
      if (otp === this.otpFor(past)) return 'expired';
    }
    return 'invalid';
  }

  private get intervalMs(): number {
    return this.intervalSec * 1000;
  }

  private epochAt(now: number): number {
    return Math.max(0, Math.floor((now - this.startedAt) / this.intervalMs));
  }

  private otpFor(epoch: number): string {
    return createHmac('sha256', Buffer.from(this.secret, 'hex')).update(`otp:${epoch}`).digest('hex').slice(0, 16);
  }
}
