// The shapes the agent client shares with the registry (ClientHost), its session keeper and feature modules.
import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import type { CoreLogger, SecretSet } from '../log';
import type { CredentialStore } from '../store/credentials';
import type { LoginGuard } from '../store/login-guard';
import type { CertVerdict } from '../store/pin-store';
import type { Endpoint } from '../util/address';

export type AuthState =
  | { kind: 'none' }
  | { kind: 'ok' }
  | { kind: 'no-credentials'; generation: number }
  | { kind: 'failed'; message: string; generation: number }
  | { kind: 'locked'; message: string; until: number; generation: number };

/** What a client needs from the registry about the host it talks to. */
export interface ClientHost {
  hostId(): string;
  label(): string;
  endpoint(): Endpoint;
  /** Decides whether a new connection's certificate is acceptable (and records what was seen). */
  checkCertificate(fingerprint: string, enforcing: boolean): CertVerdict;
  onAuthChange(state: AuthState): void;
  /** Any HTTP answer came back: the host is alive (saves a liveness ping). */
  onAnswer(): void;
  /** The host closed the poll connection unasked, or a write got no answer: check its liveness now. */
  onConnectionLost(): void;
}

export interface ClientDeps {
  credentials: CredentialStore;
  secrets: SecretSet;
  logger: CoreLogger;
  version: string;
  /**
   * The CLI's record of refused logins across commands. With it, a refused login is also final for the rest of
   * this core's life (one command): one login attempt per host, credential and command.
   */
  loginGuard?: LoginGuard;
}

export interface Answer {
  status: number;
  body: string;
  headers: IncomingHttpHeaders;
}

export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  json?: unknown;
  searchParams?: Record<string, string>;
  /** A person asked for this: a login that failed before may be tried again (never the poller on its own). */
  userInitiated?: boolean;
  /** false for the few calls that need no session (ping, login itself). */
  auth?: boolean;
  /** A poller's read: over the host's poll connection (see poll-connection.ts) when it can be. */
  lean?: boolean;
}

export interface StreamPostOptions {
  /**
   * A factory, because a retry after a 401 must read the data again from the start. The body yields nothing before
   * `connected` resolves: when the request has its connection, or when the call ended without one (so the body may
   * close its file; no proof of a connection). Bytes read earlier would pile up and reach the socket in one burst as
   * it opens, and a host that answers early (413, 401) and resets the connection then loses its answer under the
   * write error that burst meets.
   */
  body: (connected: Promise<void>) => Readable;
  headers: Record<string, string>;
  signal?: AbortSignal;
  /** Idle time allowed with no bytes moving; the upload itself may take as long as it needs. */
  idleTimeoutMs?: number;
  onUploadProgress?: (sentBytes: number, totalBytes: number | undefined) => void;
  userInitiated?: boolean;
}
