// The browser bridge's wire protocol, imported by both ends (electron/bridge/ws-server.ts and
// renderer/src/bridge/ws-client.ts) so they cannot drift apart. Types and constants only: it must stay importable from
// the renderer bundle, so nothing here may touch Node.
//
// One WebSocket at WS_PATH on the page's own origin (http://127.0.0.1:PORT), JSON text frames:
//   client -> server  { id, command, input }   id: a string or number chosen by the client, echoed back
//   server -> client  { id, envelope }         envelope: what dispatch() answered, { ok: true, data } | { ok: false, error }
//   server -> client  { event, payload }       every contract event, pushed to every authenticated client
// A frame that is not JSON, or not a request, is answered with { id: <its id or null>, envelope: { ok: false, ... } };
// the connection stays up. A frame over MAX_MESSAGE_BYTES closes the connection with 1009 (message too big).
//
// Authentication: the per-run secret travels in the Sec-WebSocket-Protocol header as two offered subprotocols,
// [SUBPROTOCOL, SECRET_PROTOCOL_PREFIX + secret]. The header keeps the secret out of URLs, so out of access logs and
// proxies, and the browser WebSocket API can set it. The server selects SUBPROTOCOL (it never echoes the secret). A
// missing or wrong secret: the upgrade succeeds and the socket is closed at once with CLOSE_BAD_SECRET, so the page
// can tell "open the new URL" apart from a network drop (a refused upgrade would only show up as 1006). Requests
// with a foreign Host or Origin header are refused before the upgrade with HTTP 403 (DNS-rebinding defence).
import type { CommandName, Envelope, EventName, EventPayload } from './contract';

export const WS_PATH = '/fieldlink/ws';
export const SUBPROTOCOL = 'fieldlink.v1';
export const SECRET_PROTOCOL_PREFIX = 'fieldlink.secret.';
export const MAX_MESSAGE_BYTES = 1024 * 1024;

/** The secret is wrong or missing: reconnecting cannot help; the user must open the URL `serve` printed. */
export const CLOSE_BAD_SECRET = 4401;
/** The client could not keep up with events; it should reconnect and re-read state. */
export const CLOSE_TOO_SLOW = 4408;
/** RFC 6455: a frame exceeded MAX_MESSAGE_BYTES. */
export const CLOSE_TOO_BIG = 1009;

export type RequestId = string | number;

export interface RequestFrame {
  id: RequestId;
  command: CommandName;
  input?: unknown;
}

export interface ResponseFrame {
  id: RequestId | null;
  envelope: Envelope<unknown>;
}

export type EventFrame = { [E in EventName]: { event: E; payload: EventPayload<E> } }[EventName];

export type ServerFrame = ResponseFrame | EventFrame;
