// Calls a command through the renderer's own client (renderer/src/bridge: normaliseElectronApi over the
// `window.fieldlink` the preload left), the way the UI does, from an end-to-end test. Used where no click shows
// what must be checked, such as an error's code and host id arriving intact.
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import type { CommandName } from '../../shared/contract';

const here = path.dirname(fileURLToPath(import.meta.url));

export type ClientAnswer = { ok: true; data: unknown } | { ok: false; consoleError: boolean; name: unknown; code: unknown; hostId: unknown; message: unknown };

let script: Promise<string> | null = null;

async function clientScript(): Promise<string> {
  const result = await build({
    entryPoints: [path.join(here, 'renderer-client-entry.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

/** Runs `name` with `input` through the renderer's client in `page`; installs the client on first use. */
export async function callThroughRendererClient(page: Page, name: CommandName, input: unknown): Promise<ClientAnswer> {
  const installed = await page.evaluate(() => typeof (globalThis as { __fieldlinkRendererClient?: unknown }).__fieldlinkRendererClient === 'function');
  // Evaluated by the test driver (DevTools protocol), not by a script tag: the page's CSP does not apply to it.
  if (!installed) await page.evaluate(await (script ??= clientScript()));
  return page.evaluate(
    ([command, value]) =>
      (globalThis as unknown as { __fieldlinkRendererClient: (n: string, i: unknown) => Promise<ClientAnswer> }).__fieldlinkRendererClient(command, value),
    [name, input] as const,
  );
}
