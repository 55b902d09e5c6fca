// Serves the built renderer to a browser on loopback, with the headers that keep that page to itself: a strict CSP,
// no framing, no referrer, and only requests addressed to 127.0.0.1/localhost on our port (DNS-rebinding defence).
import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { isLocalHostHeader } from './local-origin';

export const BUILD_HINT = 'The UI is not built yet: run `npm run build:renderer`, then start serve again.';

/** The CSP for the page: only our own scripts, and only our own bridge to talk to. */
export function contentSecurityPolicy(port: number): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    // Mantine writes its theme as inline <style> and style attributes.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    // 'self' does not cover ws: in every browser, so name the bridge explicitly.
    `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * Adds the loopback guard and security headers to every answer, then the renderer files when they exist.
 * Returns whether the renderer was found.
 */
export async function registerRenderer(app: FastifyInstance, rendererDir: string): Promise<{ built: boolean }> {
  app.addHook('onRequest', async (request, reply) => {
    const port = request.socket.localPort ?? 0;
    if (!isLocalHostHeader(request.headers.host, port)) {
      return reply.code(403).type('text/plain').send('Forbidden: this console answers only on 127.0.0.1 and localhost.\n');
    }
    reply.headers({
      'content-security-policy': contentSecurityPolicy(port),
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-resource-policy': 'same-origin',
      // The page is tied to one run's bridge; a cached copy would only confuse.
      'cache-control': 'no-store',
    });
  });

  const built = existsSync(path.join(rendererDir, 'index.html'));
  if (!built) {
    app.get('/', async (_request, reply) => reply.code(503).type('text/plain').send(`${BUILD_HINT}\n`));
    return { built };
  }
  await app.register(fastifyStatic, { root: rendererDir, index: 'index.html', wildcard: true });
  // Browsers ask for it unprompted; a 404 would be a console error in every end-to-end run.
  if (!existsSync(path.join(rendererDir, 'favicon.ico'))) app.get('/favicon.ico', async (_request, reply) => reply.code(204).send());
  // The UI routes in the page itself; any other GET for a page (not a file) gets the app.
  app.setNotFoundHandler((request, reply) => {
    if (request.method === 'GET' && !path.extname(request.url.split('?')[0] ?? '')) return reply.sendFile('index.html');
    return reply.code(404).type('text/plain').send('Not found.\n');
  });
  return { built };
}
