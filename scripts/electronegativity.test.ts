// The bundle probes of check:electron, on tiny hand-written bundles: they must catch what they claim to catch.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandNames } from '../shared/contract';
import { requiredModules, runPreload, smokeMain } from './electronegativity';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'fieldlink-check-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('requiredModules', () => {
  it('lists what a CommonJS bundle requires, once each', () => {
    expect(requiredModules('let e=require("electron"),f=require(`node:fs`);require("electron");require( "got" )')).toEqual(['electron', 'got', 'node:fs']);
  });
});

describe('smokeMain', () => {
  it('passes a bundle that stops at the single-instance lock', async () => {
    const file = path.join(dir, 'good.cjs');
    await writeFile(file, 'const { app } = require("electron"); if (!app.requestSingleInstanceLock()) app.quit();');
    expect(smokeMain(file)).toEqual([]);
  });

  it('reports a bundle that cannot load', async () => {
    const file = path.join(dir, 'bad.cjs');
    await writeFile(file, 'require("electron"); require("a-package-the-app-does-not-ship");');
    expect(smokeMain(file)[0]).toMatch(/main\.cjs does not load: .*Cannot find module/);
  });
});

describe('runPreload', () => {
  const names = JSON.stringify(commandNames);
  const installer = `function install(bridge, commands, events, target = globalThis) {
      const api = {};
      for (const n of commands) api[n] = () => bridge.invoke(n);
      api.on = () => () => {};
      api.getPathForFile = () => '';
      target.fieldlink = api;
    }`;

  it('accepts a preload that installs one method per command in the main world', () => {
    const code = `const { contextBridge } = require('electron'); ${installer}
      contextBridge.executeInMainWorld({ func: install, args: [{ invoke() {} }, ${names}, []] });`;
    expect(runPreload(code)).toEqual([]);
  });

  it('catches a page-side function that leans on its surroundings (it would break when serialized)', () => {
    const code = `const { contextBridge } = require('electron'); const helper = (x) => x;
      function install(bridge, commands, events, target = globalThis) { target.fieldlink = helper({}); }
      contextBridge.executeInMainWorld({ func: install, args: [{}, ${names}, []] });`;
    expect(runPreload(code)[0]).toMatch(/not self-contained/);
  });

  it('catches a preload that requires more than electron, or never installs anything', () => {
    expect(runPreload(`require('zod');`)[0]).toMatch(/cannot require "zod"/);
    expect(runPreload(`require('electron');`)).toEqual(['the preload did not call contextBridge.executeInMainWorld']);
  });
});
