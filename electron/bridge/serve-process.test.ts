// `npm run serve` as a process: the one line it prints, a page and a bridge that answer, and a clean stop on SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createWsClient, type WebSocketConstructor } from '../../renderer/src/bridge/ws-client';
import { WS_PATH } from '../../shared/ws-protocol';
import { BUILD_HINT } from './static-site';

const root = fileURLToPath(new URL('../..', import.meta.url));
const stateDir = mkdtempSync(path.join(os.tmpdir(), 'fieldlink-serve-'));
let child: ChildProcess | null = null;

afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  rmSync(stateDir, { recursive: true, force: true });
});

function firstLine(stream: NodeJS.ReadableStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      text += chunk;
      const end = text.indexOf('\n');
      if (end >= 0) resolve(text.slice(0, end));
    });
    stream.on('end', () => reject(new Error(`serve ended before printing its address: ${text}`)));
  });
}

describe('npm run serve', () => {
  it('prints one address line, serves the page and the bridge, and stops on SIGTERM', async () => {
    child = spawn(process.execPath, ['--import', 'tsx', 'electron/serve.ts', '--port', '0', '--mdns-interface', '127.0.0.1', '--state', stateDir], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', HOME: stateDir, FIELDLINK_USER: 'kairos', FIELDLINK_PASSWORD: 'kairos' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const line = await firstLine(child.stdout!);
    const match = /^Fieldlink is running\. Open (http:\/\/127\.0\.0\.1:(\d+)\/#secret=([A-Za-z0-9_-]+)) \(Ctrl\+C stops it\)\.$/.exec(line);
    expect(match, line).not.toBeNull();
    const [, , port, secret] = match!;

    const page = await fetch(`http://127.0.0.1:${port}/`);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    if (existsSync(path.join(root, 'dist', 'renderer', 'index.html'))) {
      expect(page.status).toBe(200);
    } else {
      expect(page.status).toBe(503);
      expect(stderr).toContain(BUILD_HINT);
    }

    const client = createWsClient({
      url: `ws://127.0.0.1:${port}${WS_PATH}`,
      secret: secret!,
      WebSocket: WebSocket as unknown as WebSocketConstructor,
    });
    try {
      expect(await client.api['app.info']({})).toMatchObject({ bridge: 'browser', stateDir });
      expect(await client.api['credentials.status']({})).toMatchObject({ siteSet: true, siteUser: 'kairos' });
    } finally {
      client.close();
    }

    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
