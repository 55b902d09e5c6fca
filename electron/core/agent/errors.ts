// Every way a call to a host can fail, said in the technician's words with a code the UI can act on.
import { ConsoleError } from '../../../shared/errors';
import { cleanText } from '../util/text';
import { v1ErrorSchema } from './schemas';

/** Raised inside the TLS handshake when the host's certificate is not the pinned one (or none is pinned yet). */
export class CertificateRejected extends Error {
  readonly code = 'EFIELDLINKCERT';
  constructor(
    readonly verdict: 'unknown' | 'changed',
    readonly fingerprint: string,
  ) {
    super(verdict === 'unknown' ? 'certificate not trusted yet' : 'certificate changed');
  }
}

export class ConnectTimeout extends Error {
  readonly code = 'ECONNECTTIMEOUT';
}

export interface HostLabel {
  /** "edge-7 (192.168.1.20:5080)": enough for the person to find the machine. */
  label: string;
  hostId: string;
  port: number;
}

function causeChain(err: unknown): unknown[] {
  const out: unknown[] = [];
  let cur: unknown = err;
  for (let i = 0; i < 5 && cur; i++) {
    out.push(cur);
    cur = (cur as { cause?: unknown }).cause;
  }
  return out;
}

/** Failures before any byte of the request could leave this computer (see neverSent). */
const unsentErrors = new WeakSet<ConsoleError>();

function unsent(message: string, host: HostLabel): ConsoleError {
  const err = new ConsoleError('unreachable', message, host.hostId);
  unsentErrors.add(err);
  return err;
}

/**
 * True when the request never reached the host (no connection was made): a POST that failed so did nothing there. A
 * cut or silent connection may have delivered it, and only the host can say whether it acted.
 */
export function neverSent(err: unknown): boolean {
  return err instanceof ConsoleError && unsentErrors.has(err);
}

/** Maps a failure to reach a host (no HTTP answer) to a ConsoleError. */
export function connectionError(err: unknown, host: HostLabel, timeoutSec = 10): ConsoleError {
  const chain = causeChain(err);
  if (chain.some((e) => e instanceof ConsoleError)) return chain.find((e) => e instanceof ConsoleError) as ConsoleError;
  const cert = chain.find((e) => e instanceof CertificateRejected) as CertificateRejected | undefined;
  if (cert) return certificateError(cert, host);
  const codes = chain.map((e) => (e as { code?: unknown }).code).filter((c): c is string => typeof c === 'string');
  const names = chain.map((e) => (e as { name?: unknown }).name);
  const has = (...list: string[]) => codes.some((c) => list.includes(c));
  if (names.includes('AbortError') || has('ABORT_ERR', 'ERR_ABORTED', 'ERR_CANCELED')) {
    return new ConsoleError('cancelled', `The request to ${host.label} was cancelled.`, host.hostId);
  }
  if (has('ECONNREFUSED')) {
    return unsent(`Nothing answers at ${host.label}. Check that the host is on and that its Local UI port is ${host.port}.`, host);
  }
  if (has('EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL')) {
    return unsent(`${host.label} cannot be reached from this computer (no route). Check the cable or Wi-Fi and the address.`, host);
  }
  if (has('ENOTFOUND', 'EAI_AGAIN')) return unsent(`The address of ${host.label} could not be resolved.`, host);
  if (has('ECONNECTTIMEOUT')) {
    // 'unreachable', not 'timeout': a host under load still accepts connections at once (its kernel does), so a
    // connection that is not accepted counts as one missed answer, not as a host that is merely slow.
    return unsent(`${host.label} did not accept a connection within 3 s. Check that it is on and on this network.`, host);
  }
  if (has('ETIMEDOUT', 'ESOCKETTIMEDOUT') || names.includes('TimeoutError')) {
    return new ConsoleError(
      'timeout',
      `${host.label} did not answer within ${timeoutSec} s. Check that it is on and on this network, then try again.`,
      host.hostId,
    );
  }
  if (
    has('ECONNRESET', 'EPIPE', 'ERR_STREAM_PREMATURE_CLOSE', 'ERR_HTTP_REQUEST_TIMEOUT') ||
    chain.some((e) => /socket hang up|premature close/i.test(String((e as Error).message)))
  ) {
    return new ConsoleError(
      'unreachable',
      `The connection to ${host.label} was cut off. The host may have restarted or gone off the network: check it, then try again.`,
      host.hostId,
    );
  }
  if (codes.some((c) => c.startsWith('ERR_SSL') || c === 'EPROTO' || c.startsWith('ERR_TLS'))) {
    return new ConsoleError(
      'unreachable',
      `${host.label} did not complete a secure (HTTPS) connection. Check that this address and port are its Local UI.`,
      host.hostId,
    );
  }
  if (has('ERR_BODY_TOO_LARGE')) {
    return new ConsoleError('bad-answer', `${host.label} sent an answer far larger than expected; it was ignored.`, host.hostId);
  }
  return new ConsoleError('unreachable', `${host.label} could not be reached.`, host.hostId);
}

export function certificateError(cert: CertificateRejected, host: HostLabel): ConsoleError {
  return cert.verdict === 'unknown'
    ? new ConsoleError(
        'certificate-unknown',
        `Fieldlink has not met ${host.label} before. Compare its certificate fingerprint ${cert.fingerprint} with the one on the host's console, then trust it.`,
        host.hostId,
      )
    : new ConsoleError(
        'certificate-changed',
        `The certificate of ${host.label} is not the one Fieldlink trusted before (now ${cert.fingerprint}). This happens when a host is reinstalled, or when another machine answers at its address. Fieldlink will not send it credentials until you check the host and trust the new certificate.`,
        host.hostId,
      );
}

/** The host's own explanation from a v1Error body, printable and bounded; null when it sent none. */
export function hostMessage(body: string): string | null {
  try {
    const parsed = v1ErrorSchema.safeParse(JSON.parse(body));
    if (parsed.success) return cleanText(parsed.data.message) ?? cleanText(parsed.data.code);
  } catch {
    /* not JSON: say nothing rather than echo arbitrary bytes */
  }
  return null;
}

/** Maps an HTTP answer the host gave to a failed call; `what` names the action ("link this host"). */
export function answerError(status: number, body: string, host: HostLabel, what: string): ConsoleError {
  const said = hostMessage(body);
  const because = said ? `: ${said}` : ` (HTTP ${status})`;
  if (status === 401) {
    return new ConsoleError('auth-failed', `${host.label} refused the session${because}. Check the credentials.`, host.hostId);
  }
  if (status === 404) {
    return new ConsoleError(
      'not-found',
      `${host.label} could not ${what}: not found${said ? ` (${said})` : ''}. Its agent may not have this call: check its version, or use its Local UI for this step.`,
      host.hostId,
    );
  }
  if (status === 405 || status === 501) {
    return new ConsoleError('unsupported', `The agent on ${host.label} cannot ${what} from Fieldlink; use its Local UI for this step.`, host.hostId);
  }
  if (status === 429) return new ConsoleError('refused', `${host.label} is busy and asked to wait before trying to ${what} again.`, host.hostId);
  if (status >= 500) return new ConsoleError('refused', `${host.label} failed to ${what}${because}.`, host.hostId);
  return new ConsoleError('refused', `${host.label} refused to ${what}${because}.`, host.hostId);
}
