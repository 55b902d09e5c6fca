// The contextBridge stand-in against Electron's documented behaviour: deep freeze, read-only window property,
// copies per the type table. If the stand-in drifts from Electron, every test built on it lies.
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { copyAcross, createContextBridgeStandIn } from './context-bridge-standin';

describe('contextBridge stand-in: exposeInMainWorld', () => {
  it('puts a deep-frozen copy on the window, read-only and non-configurable', () => {
    const win: Record<string, unknown> = {};
    const original = { run: () => 1, data: { flags: ['a'] } };
    createContextBridgeStandIn({ mainWorld: win }).exposeInMainWorld('api', original);
    const api = win.api as { run: () => number; data: { flags: string[] } };
    expect(api).not.toBe(original);
    expect(api.run).not.toBe(original.run);
    expect(api.run()).toBe(1);
    expect(Object.isFrozen(api)).toBe(true);
    expect(Object.isFrozen(api.data)).toBe(true);
    expect(Object.isFrozen(api.data.flags)).toBe(true);
    expect(Object.getOwnPropertyDescriptor(win, 'api')).toMatchObject({ writable: false, configurable: false });
    expect(Object.getOwnPropertyDescriptor(api, 'run')).toMatchObject({ writable: false, configurable: false });
    // What the side that exposed it changes later does not reach the page.
    original.data.flags.push('b');
    expect(api.data.flags).toEqual(['a']);
  });

  it('makes a Proxy that rewraps its functions fail, as Electron does (the bug of issue 9)', () => {
    const win: Record<string, unknown> = {};
    createContextBridgeStandIn({ mainWorld: win }).exposeInMainWorld('api', { run: () => 1 });
    const wrapped = new Proxy(win.api as { run: () => number }, { get: (target, key) => () => Reflect.get(target, key) });
    expect(() => wrapped.run).toThrow(TypeError);
  });

  it('refuses to replace a property the window already has', () => {
    const win: Record<string, unknown> = { api: 1 };
    expect(() => createContextBridgeStandIn({ mainWorld: win }).exposeInMainWorld('api', {})).toThrow(/existing property/);
  });
});

describe('contextBridge stand-in: copies per the type table', () => {
  it('copies errors with their message only: custom fields and names are lost', () => {
    const error = Object.assign(new Error('Too many attempts.'), { name: 'ConsoleError', code: 'locked-out' });
    const copy = copyAcross(error) as Error & { code?: string };
    expect(copy).not.toBe(error);
    expect(copy.message).toBe('Too many attempts.');
    expect(copy.name).toBe('Error');
    expect(copy.code).toBeUndefined();
    expect((copyAcross(new TypeError('x')) as Error).name).toBe('TypeError');
  });

  it('drops prototypes and symbols, keeps plain data, handles cycles', () => {
    class Host {
      constructor(public id: string) {}
      hello() {
        return this.id;
      }
    }
    const tag = Symbol('t');
    const cyclic: Record<string, unknown> = { n: 1, s: tag };
    cyclic.self = cyclic;
    const copy = copyAcross({ host: new Host('edge-1'), cyclic, when: new Date(0) }) as Record<string, any>;
    expect(Object.getPrototypeOf(copy.host)).toBe(Object.prototype);
    expect(copy.host).toEqual({ id: 'edge-1' });
    expect('s' in copy.cyclic).toBe(false);
    expect(copy.cyclic.self).toBe(copy.cyclic);
    expect(copy.when).toBeInstanceOf(Date);
    expect(copy.when.getTime()).toBe(0);
  });

  it('proxies functions: arguments in and results out are copies, thrown errors are copied', () => {
    const seen: unknown[] = [];
    const fn = copyAcross((input: { list: number[] }) => {
      seen.push(input);
      return { got: input.list.length };
    }) as (input: unknown) => { got: number };
    const arg = { list: [1, 2] };
    expect(fn(arg)).toEqual({ got: 2 });
    expect(seen[0]).not.toBe(arg);
    expect(seen[0]).toEqual(arg);

    const thrower = copyAcross(() => {
      throw Object.assign(new Error('no'), { code: 'refused' });
    }) as () => void;
    const thrown = (() => {
      try {
        thrower();
      } catch (err) {
        return err as Error;
      }
      return null;
    })();
    expect(thrown?.message).toBe('no');
    expect(thrown && 'code' in thrown).toBe(false);
  });

  it('proxies promises: the resolved value and the rejection are copies', async () => {
    const answer = { ok: true };
    const resolved = copyAcross(Promise.resolve(answer)) as Promise<unknown>;
    const value = await resolved;
    expect(value).toEqual(answer);
    expect(value).not.toBe(answer);
    const rejected = copyAcross(Promise.reject(Object.assign(new Error('gone'), { hostId: 'edge-1' }))) as Promise<unknown>;
    const reason = (await rejected.catch((err: unknown) => err)) as Error;
    expect(reason.message).toBe('gone');
    expect('hostId' in reason).toBe(false);
  });

  it('drops promises nested in objects or arrays, as the type table says; only the value itself is proxied', async () => {
    const copy = copyAcross({ pending: Promise.resolve(1), n: 1, list: [Promise.resolve(2), 3] }) as Record<string, unknown>;
    expect('pending' in copy).toBe(false);
    expect(copy.n).toBe(1);
    expect(copy.list).toEqual([undefined, 3]);
    // A function that returns an object holding a promise: the page gets the object without it.
    const fn = copyAcross(() => ({ done: Promise.resolve('x'), id: 'edge-1' })) as () => Record<string, unknown>;
    expect(fn()).toEqual({ id: 'edge-1' });
    // As an exact parameter or a return value, a promise is proxied.
    const echo = copyAcross(async (p: Promise<number>) => (await p) + 1) as (p: Promise<number>) => Promise<number>;
    await expect(echo(Promise.resolve(1))).resolves.toBe(2);
  });

  it('passes a Blob or File as the same object (one page, one DOM)', () => {
    const file = new File(['x'], 'bundle.tar');
    expect(copyAcross({ file }) as { file: File }).toEqual({ file });
    expect((copyAcross({ file }) as { file: File }).file).toBe(file);
  });
});

describe('contextBridge stand-in: executeInMainWorld', () => {
  it('runs the function from its source text, so it cannot use anything from its module', () => {
    const context = vm.createContext({});
    const bridge = createContextBridgeStandIn({ mainWorld: context, compile: (source) => vm.runInContext(`(${source})`, context) });
    const helper = () => 42;
    expect(() => bridge.executeInMainWorld({ func: () => helper() })).toThrow(/helper is not defined/);
    expect(bridge.executeInMainWorld({ func: (a: number, b: number) => a + b, args: [2, 3] })).toBe(5);
  });

  it('copies the arguments it hands over: functions among them are proxied', () => {
    const context = vm.createContext({});
    const bridge = createContextBridgeStandIn({ mainWorld: context, compile: (source) => vm.runInContext(`(${source})`, context) });
    const lent = { add: (a: number) => a + 1, data: { n: 1 } };
    const result = bridge.executeInMainWorld({
      func: (arg: { add: (a: number) => number; data: { n: number } }) => [arg.add(arg.data.n), Object.isFrozen(arg)],
      args: [lent],
    });
    expect(result).toEqual([2, false]);
  });
});
