// The desktop app serves the renderer with a strict Content-Security-Policy (electron/shell/csp.ts: styles only from
// the app or with a per-load nonce, scripts only from the app). This serves the renderer built for this run (see
// global-setup.ts) through the very responder Electron uses and checks that the page, a modal and the command palette
// run without a single CSP violation.
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { respondToAppRequest } from '../../electron/shell/app-protocol';
import { newNonce } from '../../electron/shell/csp';
import { CHROMIUM_PATH, chromiumArgs } from '../chromium';

let server: Server;
let url: string;
let browser: Browser;

describe('the renderer under the desktop CSP', () => {
  beforeAll(async () => {
    server = createServer((req, res) => {
      // A failed answer shows as the page failing to load, which the test asserts on.
      void respondToAppRequest(`fieldlink://app${req.url ?? '/'}`, {
        rootDir: path.resolve(inject('rendererDir')),
        newNonce: () => newNonce((n) => randomBytes(n)),
      }).then(async (answer) => {
        res.writeHead(answer.status, Object.fromEntries(answer.headers));
        res.end(Buffer.from(await answer.arrayBuffer()));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: chromiumArgs });
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('renders, opens a modal and the palette with no CSP violation', async () => {
    const page = await browser.newPage();
    const violations: string[] = [];
    page.on('console', (m) => /Content Security Policy|Refused to/i.test(m.text()) && violations.push(m.text()));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) =>
        console.error(`Refused to: ${e.violatedDirective} ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`),
      );
    });
    const response = await page.goto(url);
    expect(response?.headers()['content-security-policy']).toContain("style-src 'self' 'nonce-");
    // No bridge here (no preload, no secret): the page explains instead of crashing.
    await page.getByText('Not connected to the Fieldlink core').waitFor();
    await page.screenshot({ path: 'e2e/artifacts/csp-disconnected.png' });
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('dialog', { name: 'Settings' }).waitFor();
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+K');
    await page.getByRole('textbox', { name: 'Search actions' }).waitFor();
    // Mantine's theme variables arrived (they come in a nonce'd <style>): the body has its background colour.
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(bg).not.toBe('rgba(0, 0, 0, 0)');
    expect(violations).toEqual([]);
  });
});
