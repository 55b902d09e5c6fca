// Who may upload now. Two rules: at most `limit()` transfers at once across all hosts (the technician's
// uploadConcurrency setting, read at every decision so a change applies to what is still waiting), and one upload
// at a time per host, held through its verification and its sync to followers: a host's "uploaded content" is the
// *last* upload, and a leader starting a new sync may stop the one before, so overlapping uploads to one host would
// verify or follow the wrong file.
import { ConsoleError } from '../../../shared/errors';

export interface Lease {
  /** Frees the transfer slot (the bytes are sent); the host stays reserved. Idempotent. */
  releaseSlot(): void;
  /** Frees the slot and the host. Idempotent. */
  release(): void;
}

interface Waiter {
  hostKey: string;
  grant: (lease: Lease) => void;
}

export class UploadQueue {
  private transfers = 0;
  private readonly busyHosts = new Set<string>();
  private readonly waiting: Waiter[] = [];

  constructor(private readonly limit: () => number) {}

  get running(): number {
    return this.transfers;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** Resolves when this host is free and a slot is open, in arrival order; rejects when `signal` aborts first. */
  acquire(hostKey: string, signal: AbortSignal): Promise<Lease> {
    if (signal.aborted) return Promise.reject(reason(signal));
    return new Promise<Lease>((resolve, reject) => {
      const waiter: Waiter = {
        hostKey,
        grant: (lease) => {
          signal.removeEventListener('abort', onAbort);
          resolve(lease);
        },
      };
      const onAbort = () => {
        const at = this.waiting.indexOf(waiter);
        if (at >= 0) this.waiting.splice(at, 1);
        reject(reason(signal));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(waiter);
      this.pump();
    });
  }

  private pump(): void {
    // A waiter for a busy host does not hold up those behind it for other hosts.
    for (let i = 0; i < this.waiting.length && this.transfers < Math.max(1, this.limit());) {
      const waiter = this.waiting[i]!;
      if (this.busyHosts.has(waiter.hostKey)) {
        i++;
        continue;
      }
      this.waiting.splice(i, 1);
      waiter.grant(this.lease(waiter.hostKey));
    }
  }

  private lease(hostKey: string): Lease {
    this.transfers++;
    this.busyHosts.add(hostKey);
    let slot = true;
    let host = true;
    const releaseSlot = () => {
      if (!slot) return;
      slot = false;
      this.transfers--;
      this.pump();
    };
    return {
      releaseSlot,
      release: () => {
        if (host) {
          host = false;
          this.busyHosts.delete(hostKey);
        }
        releaseSlot();
        this.pump();
      },
    };
  }
}

function reason(signal: AbortSignal): unknown {
  return signal.reason instanceof Error ? signal.reason : new ConsoleError('cancelled', 'Cancelled by the user.');
}
