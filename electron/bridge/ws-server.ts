// The browser bridge: the contract over one WebSocket on 127.0.0.1. The wire protocol is described in ./protocol.ts.
// Every request goes through dispatch(), so validation and error envelopes are the same as over Electron IPC.
import type { IncomingHttpHeaders } from 'node:http';
import websocket from '@fastify/websocket';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RawData, WebSocket } from 'ws';
import { eventNames, type EventSource, type Handlers } from '../../shared/contract';
import { dispatch } from '../../shared/dispatch';
import { isAllowedOrigin, isLocalHostHeader, localOrigins } from './local-origin';
import { CLOSE_BAD_SECRET, CLOSE_TOO_SLOW, MAX_MESSAGE_BYTES, SUBPROTOCOL, WS_PATH, type RequestId, type ResponseFrame } from '../../shared/ws-protocol';
import { secretFromProtocols, secretMatches } from './secret';

/** What the bridge needs from the core: its handlers and its events. */
export interface BridgeCore {
  handlers: Handlers;
  on: EventSource['on'];
}

export interface BridgeLogger {
  warn(message: string): void;
  error(message: string, err?: unknown): void;
}

export interface WsBridgeOptions {
  secret: string;
  /** Extra page origins allowed besides http://127.0.0.1:PORT and http://localhost:PORT (e.g. a Vite dev server). */
  extraOrigins?: readonly string[];
  logger?: BridgeLogger;
  /** A client whose unsent data grows past this is dropped (it reconnects and re-reads state). */
  maxBufferedBytes?: number;
}

export interface WsBridge {
  /** Number of authenticated clients connected now. */
  clientCount(): number;
}

const silent: BridgeLogger = { warn: () => {}, error: () => {} };

/** Registers @fastify/websocket and the bridge route on `app`. Call before `app.listen()`. */
export async function attachWsBridge(app: FastifyInstance, core: BridgeCore, options: WsBridgeOptions): Promise<WsBridge> {
  const logger = options.logger ?? silent;
  const maxBuffered = options.maxBufferedBytes ?? 8 * 1024 * 1024;
  const clients = new Set<WebSocket>();

  await app.register(websocket, {
    options: {
      maxPayload: MAX_MESSAGE_BYTES,
      // Select our protocol name, never the secret-bearing one, so the secret is not echoed in the answer.
      handleProtocols: (offered) => (offered.has(SUBPROTOCOL) ? SUBPROTOCOL : false),
    },
  });

  // Subscribe once and fan out, rather than once per client: a payload is serialised a single time.
  const unsubscribers = eventNames.map((event) =>
    core.on(event, (payload) => {
      if (clients.size === 0) return;
      const frame = JSON.stringify({ event, payload });
      for (const socket of clients) send(socket, frame);
    }),
  );
  app.addHook('onClose', async () => {
    for (const unsubscribe of unsubscribers) unsubscribe();
  });

  function send(socket: WebSocket, frame: string): void {
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > maxBuffered) {
      clients.delete(socket);
      socket.close(CLOSE_TOO_SLOW, 'Too far behind; reconnect and reload the state.');
      return;
    }
    socket.send(frame);
  }

  function reply(socket: WebSocket, frame: ResponseFrame): void {
    send(socket, JSON.stringify(frame));
  }

  async function onMessage(socket: WebSocket, data: RawData, isBinary: boolean): Promise<void> {
    const request = isBinary ? null : parseRequest(rawText(data));
    if (!request || 'problem' in request) {
      reply(socket, {
        id: request?.id ?? null,
        envelope: { ok: false, error: { code: 'invalid-input', message: request?.problem ?? 'The bridge only accepts JSON text messages.' } },
      });
      return;
    }
    const envelope = await dispatch(core.handlers, request.command, request.input, (err, name) => logger.error(`Command ${name} failed unexpectedly.`, err));
    reply(socket, { id: request.id, envelope });
  }

  app.get(
    WS_PATH,
    {
      websocket: true,
      // Runs before the upgrade, so a foreign page gets a plain 403 and never a socket.
      preValidation: async (request: FastifyRequest, response: FastifyReply) => {
        const problem = foreignRequestProblem(request.headers, request.socket.localPort ?? 0, options.extraOrigins);
        if (problem) {
          logger.warn(`Refused a bridge connection: ${problem}.`);
          await response.code(403).type('text/plain').send(`Forbidden: ${problem}.\n`);
        }
      },
    },
    (socket, request) => {
      if (!secretMatches(options.secret, secretFromProtocols(request.headers['sec-websocket-protocol']))) {
        socket.close(CLOSE_BAD_SECRET, 'Missing or wrong secret: open the URL that serve printed.');
        return;
      }
      clients.add(socket);
      socket.on('message', (data, isBinary) => {
        onMessage(socket, data, isBinary).catch((err: unknown) => logger.error('The bridge could not answer a message.', err));
      });
      socket.on('close', () => clients.delete(socket));
      // ws reports protocol violations (such as an oversized frame) here before closing; without a listener they would crash the process.
      socket.on('error', (err) => logger.warn(`A bridge connection failed: ${err.message}`));
    },
  );

  return { clientCount: () => clients.size };
}

/** Why a request does not come from our own page on loopback, or null when it does. */
export function foreignRequestProblem(headers: IncomingHttpHeaders, port: number, extraOrigins: readonly string[] = []): string | null {
  if (!isLocalHostHeader(headers.host, port)) return `Host "${String(headers.host ?? '').slice(0, 100)}" is not this console`;
  if (!isAllowedOrigin(headers.origin, localOrigins(port, extraOrigins))) {
    return `Origin "${String(headers.origin).slice(0, 100)}" is not this console`;
  }
  return null;
}

function rawText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

type ParsedRequest = { id: RequestId; command: string; input: unknown } | { id: RequestId | null; problem: string };

function isRequestId(value: unknown): value is RequestId {
  return (typeof value === 'string' && value.length > 0 && value.length <= 100) || (typeof value === 'number' && Number.isFinite(value));
}

/** Checks the frame's shape only; the command name and its input are dispatch()'s business. */
export function parseRequest(text: string): ParsedRequest {
  let frame: unknown;
  try {
    frame = JSON.parse(text);
  } catch {
    return { id: null, problem: 'The message was not valid JSON.' };
  }
  if (typeof frame !== 'object' || frame === null || Array.isArray(frame)) {
    return { id: null, problem: 'The message must be a JSON object { id, command, input }.' };
  }
  const { id, command, input } = frame as Record<string, unknown>;
  if (!isRequestId(id)) return { id: null, problem: 'The message needs an id (a short string or a number).' };
  if (typeof command !== 'string') return { id, problem: 'The message needs a command name.' };
  return { id, command, input };
}
