// The browser console's drop uploads: the page POSTs the dropped File as the raw request body and the core streams it
// on to the host as it arrives (no temporary copy). Same gatekeeping as the WebSocket bridge: 127.0.0.1 only, Host
// and Origin must be ours (DNS rebinding), and the run secret must be presented (here in a header, never the URL).
import type { FastifyInstance } from 'fastify';
import type { StreamUploads } from '../core/uploads/stream-upload';
import { UPLOAD_ROUTE, UPLOAD_SECRET_HEADER } from '../../shared/upload-route';
import { isAllowedOrigin, isLocalHostHeader, localOrigins } from './local-origin';
import { secretMatches } from './secret';

export interface UploadRouteOptions {
  secret: string;
  extraOrigins?: readonly string[];
  /**
   * Resolves once the open site is ready, after any site switch under way. An upload waits for it before it starts,
   * so a drop made during a switch goes to the site being opened, never into the one being closed.
   */
  siteReady?: () => Promise<unknown>;
}

/** The biggest bundle the console accepts from a page; sizes are declared up front and checked byte by byte. */
const MAX_UPLOAD_BYTES = 64 * 1024 ** 3;

function text(query: unknown, key: string): string {
  const value = (query as Record<string, unknown> | null)?.[key];
  return typeof value === 'string' ? value : '';
}

export async function registerUploadRoute(app: FastifyInstance, uploads: StreamUploads, options: UploadRouteOptions): Promise<void> {
  await app.register(async (scope) => {
    // The body is handed over as the raw stream: never parsed, never buffered (the app's 64 KiB limit is for JSON).
    scope.addContentTypeParser('application/octet-stream', { bodyLimit: MAX_UPLOAD_BYTES }, (_req, payload, done) => done(null, payload));
    // Checked before a single body byte is read.
    scope.addHook('onRequest', async (request, reply) => {
      const port = request.socket.localPort ?? 0;
      const headers = request.headers;
      if (!isLocalHostHeader(headers.host, port) || !isAllowedOrigin(headers.origin, localOrigins(port, options.extraOrigins ?? []))) {
        return reply.code(403).send({ error: 'This console only takes uploads from its own page on 127.0.0.1.' });
      }
      const offered = headers[UPLOAD_SECRET_HEADER];
      if (!secretMatches(options.secret, typeof offered === 'string' ? offered : null)) {
        return reply.code(401).send({ error: 'The console did not recognise this page. Open the address `serve` printed again.' });
      }
    });
    scope.post(UPLOAD_ROUTE, async (request, reply) => {
      const hostId = text(request.query, 'host');
      const name = text(request.query, 'name');
      const size = Number(text(request.query, 'size'));
      const declared = Number(request.headers['content-length']);
      if (!hostId || !name || !Number.isSafeInteger(size) || size <= 0 || size > MAX_UPLOAD_BYTES || declared !== size) {
        return reply.code(400).send({ error: 'The upload request was incomplete (host, file name and size are needed). Drop the file again.' });
      }
      const body = request.body as NodeJS.ReadableStream & AsyncIterable<Buffer>;
      // The body waits unread meanwhile: the page's send simply pauses. A refusal answers at once and closes the
      // connection instead of reading a body nobody wants (destroying the request would lose the answer's words).
      try {
        await options.siteReady?.();
      } catch (err) {
        const why = err instanceof Error ? err.message : String(err);
        return reply
          .code(503)
          .header('connection', 'close')
          .send({ error: `The console could not take the upload while changing sites (${why}). Drop the file again.` });
      }
      let started: ReturnType<StreamUploads['start']>;
      try {
        started = uploads.start(hostId, name, size, body);
      } catch (err) {
        return reply
          .code(422)
          .header('connection', 'close')
          .send({ error: err instanceof Error ? err.message : String(err) });
      }
      // Answer once the page's bytes are all in (or the task ended first, e.g. refused before reading them): the page
      // follows progress and the result through the task events like any other upload.
      const ended = await Promise.race([
        new Promise<'read'>((resolve) => body.once('end', () => resolve('read'))),
        started.settled.then(() => 'ended' as const),
      ]);
      if (ended === 'ended' && !request.raw.readableEnded) request.raw.resume();
      return reply.code(202).send({ taskId: started.taskId });
    });
  });
}
