// The console's pages are served from a private `fieldlink://app/` scheme instead of `file://`. A file:// page can
// reach any file on disk by URL and shares one opaque origin with every other file; this scheme serves only the
// built renderer folder, gives the app one origin that the navigation, window-open and IPC sender checks can compare
// against, and lets the CSP travel as a response header with a fresh style nonce on every page load.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { buildCsp } from './csp';

export const APP_SCHEME = 'fieldlink';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/** Privileges for `protocol.registerSchemesAsPrivileged`: a standard, secure origin, like https for the renderer. */
export const APP_SCHEME_PRIVILEGES = {
  standard: true,
  secure: true,
  supportFetchAPI: true,
  corsEnabled: true,
  codeCache: true,
} as const;

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentTypeOf(file: string): string {
  return contentTypes[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The file inside `rootDir` that `url` names, or null when the URL is not ours or escapes the folder
 * (`..`, encoded separators, absolute paths). `/` means `index.html`.
 */
export function resolveAppFile(rootDir: string, url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  // Encoded separators or NUL would let a request name something other than what the URL path shows.
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  const relative = pathname === '/' || pathname === '' ? 'index.html' : pathname.replace(/^\/+/, '');
  const root = path.resolve(rootDir);
  const file = path.resolve(root, relative);
  if (file !== root && !file.startsWith(root + path.sep)) return null;
  return file;
}

/**
 * Vite's own convention (`html.cspNonce`): a `<meta property="csp-nonce">` whose `nonce` the page reads
 * (`document.querySelector('meta[property=csp-nonce]').nonce`) to give to libraries that inject `<style>` elements.
 * Existing `<style>` elements in the document get the nonce too.
 */
export function injectStyleNonce(html: string, nonce: string): string {
  const withStyles = html.replace(/<style(?![^>]*\snonce=)/gi, `<style nonce="${nonce}"`);
  const meta = `<meta property="csp-nonce" nonce="${nonce}">`;
  if (/<meta\s+property=["']csp-nonce["'][^>]*>/i.test(withStyles)) {
    return withStyles.replace(/<meta\s+property=["']csp-nonce["'][^>]*>/i, meta);
  }
  return /<head[^>]*>/i.test(withStyles) ? withStyles.replace(/<head[^>]*>/i, (head) => `${head}\n    ${meta}`) : `${meta}\n${withStyles}`;
}

export interface AppResponder {
  rootDir: string;
  newNonce: () => string;
  readFile?: (file: string) => Promise<Buffer>;
}

/** Answers one `fieldlink://app/...` request (the body of `protocol.handle`). */
export async function respondToAppRequest(url: string, options: AppResponder): Promise<Response> {
  let file = resolveAppFile(options.rootDir, url);
  const notFound = () => new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  if (!file) return notFound();
  const read = options.readFile ?? ((f: string) => readFile(f));
  let body: Buffer;
  try {
    body = await read(file);
  } catch {
    // A reload on a client-side route (`/hosts/edge-1`) asks for a path that is not a file: answer with the page.
    if (path.extname(file) !== '') return notFound();
    file = path.join(path.resolve(options.rootDir), 'index.html');
    try {
      body = await read(file);
    } catch {
      return notFound();
    }
  }
  const type = contentTypeOf(file);
  const headers: Record<string, string> = {
    'content-type': type,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-cache',
  };
  if (type.startsWith('text/html')) {
    const nonce = options.newNonce();
    headers['content-security-policy'] = buildCsp({ styleNonce: nonce });
    return new Response(injectStyleNonce(body.toString('utf8'), nonce), { status: 200, headers });
  }
  return new Response(new Uint8Array(body), { status: 200, headers });
}
