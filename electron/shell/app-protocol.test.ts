import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { injectStyleNonce, resolveAppFile, respondToAppRequest } from './app-protocol';

const root = path.resolve('/srv/renderer');

describe('resolveAppFile', () => {
  it('maps app URLs to files inside the renderer folder', () => {
    expect(resolveAppFile(root, 'fieldlink://app/')).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile(root, 'fieldlink://app/index.html')).toBe(path.join(root, 'index.html'));
    expect(resolveAppFile(root, 'fieldlink://app/assets/index-abc.js?v=1#x')).toBe(path.join(root, 'assets', 'index-abc.js'));
  });

  it('keeps dot segments inside the folder (the URL parser resolves them first)', () => {
    expect(resolveAppFile(root, 'fieldlink://app/../secrets.json')).toBe(path.join(root, 'secrets.json'));
    expect(resolveAppFile(root, 'fieldlink://app/%2e%2e/%2e%2e/etc/passwd')).toBe(path.join(root, 'etc', 'passwd'));
  });

  it('refuses anything that would leave the folder or is not ours', () => {
    expect(resolveAppFile(root, 'fieldlink://app/assets/..%2f..%2fx')).toBeNull();
    expect(resolveAppFile(root, 'fieldlink://app/a%5c..%5c..%5cx')).toBeNull();
    expect(resolveAppFile(root, 'fieldlink://app/a%00.js')).toBeNull();
    expect(resolveAppFile(root, 'fieldlink://other/index.html')).toBeNull();
    expect(resolveAppFile(root, 'file:///etc/passwd')).toBeNull();
    expect(resolveAppFile(root, 'fieldlink://app/%E0%A4%A')).toBeNull();
    expect(resolveAppFile(root, 'not a url')).toBeNull();
  });
});

describe('injectStyleNonce', () => {
  it("adds Vite's csp-nonce meta and nonces existing style elements", () => {
    const html = '<!doctype html><html><head><meta charset="UTF-8"><style>a{}</style></head><body></body></html>';
    const out = injectStyleNonce(html, 'NONCE1234567890AB');
    expect(out).toContain('<meta property="csp-nonce" nonce="NONCE1234567890AB">');
    expect(out).toContain('<style nonce="NONCE1234567890AB">a{}</style>');
    expect(out.indexOf('csp-nonce')).toBeGreaterThan(out.indexOf('<head>'));
  });

  it('replaces a placeholder meta rather than adding a second one', () => {
    const out = injectStyleNonce('<head><meta property="csp-nonce" nonce="PLACEHOLDER" /></head>', 'N2');
    expect(out.match(/csp-nonce/g)).toHaveLength(1);
    expect(out).toContain('nonce="N2"');
  });
});

describe('respondToAppRequest', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'fieldlink-protocol-'));
    await mkdir(path.join(dir, 'assets'));
    await writeFile(path.join(dir, 'index.html'), '<html><head></head><body><script type="module" src="./assets/a.js"></script></body></html>');
    await writeFile(path.join(dir, 'assets', 'a.js'), 'console.log(1)');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('serves the page with a CSP header whose style nonce matches the page', async () => {
    let n = 0;
    const nonces = ['AAAAAAAAAAAAAAAAAAAAAA==', 'BBBBBBBBBBBBBBBBBBBBBB=='];
    const options = { rootDir: dir, newNonce: () => nonces[n++]! };
    const first = await respondToAppRequest('fieldlink://app/', options);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = first.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(`'nonce-${nonces[0]}'`);
    expect(await first.text()).toContain(`nonce="${nonces[0]}"`);
    // A fresh nonce on every load: one seen once is useless the next time.
    const second = await respondToAppRequest('fieldlink://app/index.html', options);
    expect(second.headers.get('content-security-policy')).toContain(`'nonce-${nonces[1]}'`);
  });

  it('serves scripts with their type and no sniffing', async () => {
    const res = await respondToAppRequest('fieldlink://app/assets/a.js', { rootDir: dir, newNonce: () => 'x' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toBe('console.log(1)');
  });

  it('answers a client-side route with the page, but a missing asset with 404', async () => {
    const route = await respondToAppRequest('fieldlink://app/hosts/edge-1', { rootDir: dir, newNonce: () => 'AAAAAAAAAAAAAAAAAAAAAA==' });
    expect(route.status).toBe(200);
    expect(route.headers.get('content-security-policy')).toContain("'nonce-AAAAAAAAAAAAAAAAAAAAAA=='");
    expect((await respondToAppRequest('fieldlink://app/assets/gone.js', { rootDir: dir, newNonce: () => 'x' })).status).toBe(404);
  });

  it('answers 404 for missing files and escapes', async () => {
    expect((await respondToAppRequest('fieldlink://app/nope.js', { rootDir: dir, newNonce: () => 'x' })).status).toBe(404);
    expect((await respondToAppRequest('fieldlink://app/assets/..%2f..%2f..%2fsecret.json', { rootDir: dir, newNonce: () => 'x' })).status).toBe(404);
    expect((await respondToAppRequest('fieldlink://elsewhere/index.html', { rootDir: dir, newNonce: () => 'x' })).status).toBe(404);
  });
});
