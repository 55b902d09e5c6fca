// Host-to-host calls are pinned HTTPS, like anything that trusts a self-signed certificate should be.
import { createReadStream } from 'node:fs';
import https from 'node:https';
import tls, { type PeerCertificate } from 'node:tls';
import got, { RequestError, type Progress } from 'got';
import { derToPem, sameFingerprint } from './certificate';
import { errorMessage } from './errors';

/** Where a peer listens and which certificate it must present. */
export interface PeerEndpoint {
  address: string;
  port: number;
  certPem: string;
  fingerprint: string;
}

/** Headers that authenticate a member of a link group on the simulator's host-to-host paths. */
export interface PeerCredentials {
  groupId: string;
  memberId: string;
  secret: string;
}

/** A peer answered with an error (`status` set) or could not be reached (`status` undefined). */
export class PeerCallError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'PeerCallError';
  }
}

const CONTROL_TIMEOUT_MS = 10_000;

/**
 * Host-to-host HTTPS, always pinned: a peer's certificate must be the one recorded for it (from the link token's
 * fingerprint, then from the group roster). One keep-alive agent per host keeps a leader's heartbeats to many
 * followers from paying a TLS handshake every time.
 */
export class PeerClient {
  private readonly agent = new https.Agent({ keepAlive: true, maxSockets: 8, maxFreeSockets: 2, timeout: 30_000 });

  constructor(private readonly signal: () => AbortSignal) {}

  async call<T>(
    peer: PeerEndpoint,
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    body: unknown,
    credentials?: PeerCredentials,
    timeoutMs = CONTROL_TIMEOUT_MS,
  ): Promise<T> {
    try {
      const response = await got(urlOf(peer, path), {
        method,
        json: body,
        headers: credentialHeaders(credentials),
        responseType: 'text',
        throwHttpErrors: false,
        retry: { limit: 0 },
        timeout: { request: timeoutMs },
        signal: this.signal(),
        agent: { https: this.agent },
        https: pinned(peer),
      });
      const parsed = parseJson(response.body);
      if (response.statusCode >= 400) {
        const error = (parsed ?? {}) as { code?: string; message?: string };
        throw new PeerCallError(error.message ?? `HTTP ${response.statusCode}`, response.statusCode, error.code);
      }
      return parsed as T;
    } catch (err) {
      throw asPeerError(err, peer);
    }
  }

  /** Streams a file to a peer (never buffered), reporting progress as a 0..1 fraction. */
  async sendFile(
    peer: PeerEndpoint,
    path: string,
    file: string,
    size: number,
    headers: Record<string, string>,
    credentials: PeerCredentials,
    onProgress: (fraction: number) => void,
    signal: AbortSignal,
  ): Promise<void> {
    try {
      const request = got(urlOf(peer, path), {
        method: 'PUT',
        body: createReadStream(file),
        headers: { ...headers, ...credentialHeaders(credentials), 'content-type': 'application/octet-stream', 'content-length': String(size) },
        responseType: 'text',
        throwHttpErrors: false,
        retry: { limit: 0 },
        timeout: { connect: 5_000, socket: 30_000 },
        signal: AbortSignal.any([signal, this.signal()]),
        agent: { https: this.agent },
        https: pinned(peer),
      });
      // on() hands back the request itself, which is awaited on the next line.
      void request.on('uploadProgress', (progress: Progress) => onProgress(size > 0 ? progress.transferred / size : 1));
      const response = await request;
      if (response.statusCode >= 400) {
        const error = (parseJson(response.body) ?? {}) as { code?: string; message?: string };
        throw new PeerCallError(error.message ?? `HTTP ${response.statusCode}`, response.statusCode, error.code);
      }
    } catch (err) {
      throw asPeerError(err, peer);
    }
  }

  close(): void {
    this.agent.destroy();
  }
}

/**
 * Reads a host's certificate with a bare TLS handshake, before any request is sent, so a follower can check the
 * leader against the token's fingerprint without handing its one-time password to an impostor.
 */
export function fetchPeerCertificate(
  address: string,
  port: number,
  signal: AbortSignal,
  timeoutMs = 10_000,
): Promise<{ certPem: string; fingerprint: string }> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: address, port, rejectUnauthorized: false });
    const timer = setTimeout(() => socket.destroy(new Error(`no TLS answer within ${timeoutMs / 1000} s`)), timeoutMs);
    const abort = () => socket.destroy(new PeerCallError(`call to ${address}:${port} was cancelled`));
    signal.addEventListener('abort', abort, { once: true });
    const settle = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', abort);
    };
    socket.once('secureConnect', () => {
      const cert: PeerCertificate = socket.getPeerCertificate();
      settle();
      socket.end();
      if (!cert?.raw) return reject(new PeerCallError(`${address}:${port} presented no certificate`));
      resolve({ certPem: derToPem(cert.raw), fingerprint: cert.fingerprint256 });
    });
    socket.once('error', (err) => {
      settle();
      reject(asPeerError(err, { address, port }));
    });
  });
}

function pinned(peer: PeerEndpoint) {
  return {
    certificateAuthority: peer.certPem,
    // The CA check has already proved the chain ends at the recorded certificate; the name check is replaced by a
    // fingerprint check because peers are reached by IP and may have been issued for another address.
    checkServerIdentity: (_host: string, cert: PeerCertificate) =>
      sameFingerprint(cert.fingerprint256, peer.fingerprint) ? undefined : new Error('the peer certificate changed'),
  };
}

function credentialHeaders(credentials?: PeerCredentials): Record<string, string> {
  if (!credentials) return {};
  return {
    'x-sim-group': credentials.groupId,
    'x-sim-peer-id': credentials.memberId,
    'x-sim-peer-secret': credentials.secret,
  };
}

function urlOf(peer: { address: string; port: number }, path: string): string {
  const host = peer.address.includes(':') ? `[${peer.address}]` : peer.address;
  return `https://${host}:${peer.port}${path}`;
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function asPeerError(err: unknown, peer: { address: string; port: number }): PeerCallError {
  if (err instanceof PeerCallError) return err;
  const where = `${peer.address}:${peer.port}`;
  const code = err instanceof RequestError || (err as NodeJS.ErrnoException)?.code ? (err as NodeJS.ErrnoException).code : undefined;
  switch (code) {
    case 'ECONNREFUSED':
      return new PeerCallError(`cannot reach ${where}: connection refused`, undefined, code);
    case 'ECONNRESET':
    case 'EPIPE':
      return new PeerCallError(`connection to ${where} was reset`, undefined, code);
    case 'ETIMEDOUT':
      return new PeerCallError(`no answer from ${where} in time`, undefined, code);
    case 'ERR_ABORTED':
    case 'ABORT_ERR':
    case 'ERR_CANCELED':
      return new PeerCallError(`call to ${where} was cancelled`, undefined, code);
    default:
      return new PeerCallError(`cannot reach ${where}: ${errorMessage(err)}`, undefined, code);
  }
}
