// HTTPS agents that know each host's certificate by its fingerprint (trust on first use).
//
// Edge hosts have self-signed certificates, so normal chain validation can only fail. Instead each new connection
// is checked right after the TLS handshake and *before* the socket is handed to the HTTP request: a request's
// bytes (credentials included) can therefore never reach a host whose certificate is not the pinned one.
import https from 'node:https';
import type { Duplex } from 'node:stream';
import { createSecureContext, type TLSSocket } from 'node:tls';
import { CertificateRejected, ConnectTimeout } from './errors';

export const CONNECT_TIMEOUT_MS = 3_000;
/** Below the 5 s keep-alive of typical servers, so an idle socket is closed by us, not under a request. */
const IDLE_SOCKET_MS = 4_000;

/**
 * One client TLS context for every connection: no CA, no client certificate, nothing per host (the pin is checked
 * on the handshake's result). Building one per connection costs about a millisecond of CPU, which pinging many
 * unanswering addresses (a hostile mDNS flood) turns into several percent of a core.
 */
export const SHARED_CLIENT_CONTEXT = createSecureContext();

export type CertCheck = (fingerprint: string) => 'trusted' | 'unknown' | 'changed';

export interface PinnedAgentOptions {
  /** Decides on each new connection. 'unknown' and 'changed' close it unless `enforce` is false. */
  check: CertCheck;
  /** false for pings: they send nothing secret, and they are how an untrusted host's certificate is first seen. */
  enforce: boolean;
  maxSockets?: number;
  connectTimeoutMs?: number;
}

export class PinnedAgent extends https.Agent {
  private readonly opts: PinnedAgentOptions;

  constructor(opts: PinnedAgentOptions) {
    super({
      keepAlive: true,
      keepAliveMsecs: 1_000,
      maxSockets: opts.maxSockets ?? 4,
      maxFreeSockets: 2,
      timeout: IDLE_SOCKET_MS,
      // No session resumption: every connection shows its certificate and is checked.
      maxCachedSessions: 0,
      rejectUnauthorized: false,
    });
    this.opts = opts;
  }

  override createConnection(options: https.RequestOptions, callback?: (err: Error | null, stream: Duplex) => void): Duplex | null | undefined {
    const socket = super.createConnection({ ...options, rejectUnauthorized: false, secureContext: SHARED_CLIENT_CONTEXT } as https.RequestOptions) as TLSSocket;
    let settled = false;
    const settle = (err: Error | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.removeListener('error', onError);
      if (err) {
        // Late errors of a socket we gave up on must not become uncaught exceptions.
        socket.on('error', () => {});
        socket.destroy();
        callback?.(err, socket);
      } else {
        callback?.(null, socket);
      }
    };
    const onError = (err: Error) => settle(err);
    const timer = setTimeout(() => settle(new ConnectTimeout('connect timeout')), this.opts.connectTimeoutMs ?? CONNECT_TIMEOUT_MS);
    socket.once('error', onError);
    socket.once('secureConnect', () => {
      const fingerprint = socket.getPeerCertificate()?.fingerprint256;
      if (!fingerprint) return settle(new CertificateRejected('unknown', 'none'));
      const verdict = this.opts.check(fingerprint);
      if (verdict !== 'trusted' && this.opts.enforce) return settle(new CertificateRejected(verdict, fingerprint));
      settle(null);
    });
    // The socket is handed over through the callback once checked.
    return undefined;
  }
}
