// Bundled by renderer-client.ts and run in the page: the renderer's own client (renderer/src/bridge), built exactly
// as the UI builds it from `window.fieldlink`, so a test can see what a command's answer or error looks like where
// the UI catches it: a ConsoleError with its code and host id, or not.
import { createConsoleBridge, type BridgeWindow } from '../../renderer/src/bridge/index';
import { ConsoleError } from '../../shared/errors';
import type { CommandName } from '../../shared/contract';

const { api } = createConsoleBridge(window as unknown as BridgeWindow, undefined);

(globalThis as { __fieldlinkRendererClient?: unknown }).__fieldlinkRendererClient = async (name: CommandName, input: unknown) => {
  try {
    return { ok: true, data: await (api[name] as (i: unknown) => Promise<unknown>)(input) };
  } catch (err) {
    const e = err as { name?: unknown; code?: unknown; hostId?: unknown; message?: unknown };
    return { ok: false, consoleError: err instanceof ConsoleError, name: e?.name, code: e?.code, hostId: e?.hostId, message: e?.message };
  }
};
