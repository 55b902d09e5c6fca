// The preload bundle gets the contract's names from a module generated at build time (vite.preload.config.ts), not
// from shared/contract.ts itself: it must say exactly what the contract says.
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { commandNames, eventNames, ipcChannel } from '../../shared/contract';
import { contractNamesModule } from '../../vite.preload.config';

function evaluate(code: string): { commandNames: string[]; eventNames: string[]; ipcChannel: { command(n: string): string; event(n: string): string } } {
  const exports: Record<string, unknown> = {};
  vm.runInNewContext(code.replace(/^export const (\w+) =/gm, 'exports.$1 ='), { exports, Object });
  return exports as never;
}

describe('the contract names the preload is built with', () => {
  const generated = evaluate(contractNamesModule());

  it('lists every command and event of the contract, in order', () => {
    expect([...generated.commandNames]).toEqual(commandNames);
    expect([...generated.eventNames]).toEqual(eventNames);
  });

  it('maps each name to the same IPC channel as the contract', () => {
    for (const name of commandNames) expect(generated.ipcChannel.command(name)).toBe(ipcChannel.command(name));
    for (const name of eventNames) expect(generated.ipcChannel.event(name)).toBe(ipcChannel.event(name));
  });

  it('carries no schema code', () => {
    expect(contractNamesModule()).not.toMatch(/zod|z\.object|import /);
  });
});
