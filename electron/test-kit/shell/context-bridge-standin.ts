// A test stand-in for Electron's contextBridge, faithful where bugs hide: what crosses it is copied per Electron's
// "Parameter / Error / Return Type support" table (docs/api/context-bridge.md), and what exposeInMainWorld puts on
// the window is deep-frozen and defined read-only and non-configurable. A fake that hands the page the preload's own
// object let a Proxy over a frozen API pass every test while every call failed in the real app (issue 9).
//
// Test kit only: nothing in the product imports it. It runs in Node (unit tests) and in Chromium (the desktop-bridge
// e2e layer bundles it into the page), so it uses nothing but the language and structuredClone.

/** How the stand-in turns a function's source text back into a function in the main world. */
export type Compile = (source: string) => (...args: unknown[]) => unknown;

export interface ContextBridgeStandInOptions {
  /** The main world's global object (the page's window). */
  mainWorld: object;
  /**
   * executeInMainWorld sends a function as its source text, so it must not use anything from its own module. The
   * default evaluates the text at global scope (indirect eval); a page with a strict CSP passes its own.
   */
  compile?: Compile;
}

export interface ContextBridgeStandIn {
  exposeInMainWorld(apiKey: string, api: unknown): void;
  executeInMainWorld(script: { func: (...args: never[]) => unknown; args?: unknown[] }): unknown;
}

const STRUCTURED_ERROR_NAMES = new Set(['Error', 'EvalError', 'RangeError', 'ReferenceError', 'SyntaxError', 'TypeError', 'URIError']);

const isBlobLike = (value: object): boolean =>
  (typeof Blob !== 'undefined' && value instanceof Blob) || (typeof Element !== 'undefined' && value instanceof Element);

// Tags rather than instanceof: in unit tests the main world is another V8 context with its own Promise and Error.
const tagOf = (value: object): string => Object.prototype.toString.call(value).slice(8, -1);
const CLONED_TAGS = new Set(['Date', 'RegExp', 'Map', 'Set', 'ArrayBuffer']);
const isCloneable = (value: object): boolean => CLONED_TAGS.has(tagOf(value)) || ArrayBuffer.isView(value);

/**
 * Copies an Error as structured clone does (Electron copies errors that way): the message survives, a name
 * survives only if it is one of the built-in ones, and every other property (code, hostId…) is lost.
 */
function copyError(error: Error): Error {
  const copy = new Error(String(error.message));
  // (Electron's own text may differ slightly, its docs say; the message is what the page can rely on.)
  if (STRUCTURED_ERROR_NAMES.has(error.name)) copy.name = error.name;
  return copy;
}

/** What copyAcross leaves for a value Electron drops: the property is left out (an array keeps the slot, empty). */
const DROPPED = Symbol('dropped');

/**
 * Copies `value` to the other world. Functions become proxies that copy their arguments in and their result (or
 * error) out; a Promise is proxied only as the value itself (an exact parameter or a return value): the type table
 * says Promises nested in arrays or objects are dropped, so here they are (an object loses the key, an array's slot
 * is undefined). Objects and arrays are copied without their prototype (class instances become plain objects);
 * symbols are dropped; Blob, File and Element pass as the same object (one page, one DOM); other
 * structured-cloneable values are cloned.
 */
export function copyAcross(value: unknown, seen = new Map<object, unknown>()): unknown {
  const copied = copyValue(value, seen, false);
  return copied === DROPPED ? undefined : copied;
}

function copyValue(value: unknown, seen: Map<object, unknown>, nested: boolean): unknown {
  if (value === null || value === undefined) return value;
  const kind = typeof value;
  if (kind === 'string' || kind === 'number' || kind === 'boolean' || kind === 'bigint') return value;
  if (kind === 'symbol') return undefined;
  if (kind === 'function') return proxyFunction(value as (...args: unknown[]) => unknown);
  const object = value as object;
  if (seen.has(object)) return seen.get(object);
  if (tagOf(object) === 'Promise') return nested ? DROPPED : proxyPromise(object as Promise<unknown>);
  if (tagOf(object) === 'Error') return copyError(object as Error);
  if (isBlobLike(object)) return object;
  if (isCloneable(object)) return structuredClone(object);
  if (Array.isArray(object)) {
    const out: unknown[] = [];
    seen.set(object, out);
    for (const item of object) {
      const copied = copyValue(item, seen, true);
      out.push(copied === DROPPED ? undefined : copied);
    }
    return out;
  }
  const out: Record<string, unknown> = {};
  seen.set(object, out);
  for (const key of Object.keys(object)) {
    const copied = copyValue((object as Record<string, unknown>)[key], seen, true);
    if (copied === DROPPED) continue;
    if (copied !== undefined || (object as Record<string, unknown>)[key] === undefined) out[key] = copied;
  }
  return out;
}

function proxyPromise(promise: Promise<unknown>): Promise<unknown> {
  return new Promise((resolve, reject) => {
    promise.then(
      (result) => resolve(copyAcross(result)),
      (error: unknown) => reject(copyThrown(error)),
    );
  });
}

function copyThrown(error: unknown): unknown {
  return error !== null && typeof error === 'object' && tagOf(error) === 'Error' ? copyError(error as Error) : copyAcross(error);
}

function proxyFunction(fn: (...args: unknown[]) => unknown): (...args: unknown[]) => unknown {
  // No receiver crosses: the other world's `this` means nothing here. Own properties of the function are dropped.
  return function proxied(...args: unknown[]) {
    let result: unknown;
    try {
      result = fn(...args.map((arg) => copyAcross(arg)));
    } catch (error) {
      throw copyThrown(error);
    }
    return copyAcross(result);
  };
}

/** Object.freeze on every object and array reachable from `value` (functions are frozen too, as Electron does). */
function deepFreeze<T>(value: T, seen = new Set<object>()): T {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return value;
  const object = value as unknown as object;
  if (seen.has(object) || isBlobLike(object)) return value;
  seen.add(object);
  for (const key of Object.keys(object)) deepFreeze((object as Record<string, unknown>)[key], seen);
  return Object.freeze(value);
}

// Indirect eval runs at global scope: the text sees no variable of this module, as in Electron's main world.
const evaluateAtGlobalScope: Compile = (source) => (0, eval)(`(${source})`) as (...args: unknown[]) => unknown;

export function createContextBridgeStandIn(options: ContextBridgeStandInOptions): ContextBridgeStandIn {
  const compile = options.compile ?? evaluateAtGlobalScope;
  return {
    exposeInMainWorld(apiKey, api) {
      if (typeof apiKey !== 'string' || !apiKey) throw new TypeError('contextBridge.exposeInMainWorld needs a key.');
      if (Object.prototype.hasOwnProperty.call(options.mainWorld, apiKey)) {
        throw new Error(`Cannot bind an API on top of an existing property on the window object (${apiKey}).`);
      }
      const copied = deepFreeze(copyAcross(api));
      Object.defineProperty(options.mainWorld, apiKey, { value: copied, enumerable: true, writable: false, configurable: false });
    },
    executeInMainWorld({ func, args = [] }) {
      if (typeof func !== 'function') throw new TypeError('contextBridge.executeInMainWorld needs a function.');
      const inMainWorld = compile(Function.prototype.toString.call(func));
      let result: unknown;
      try {
        result = inMainWorld(...args.map((arg) => copyAcross(arg)));
      } catch (error) {
        throw copyThrown(error);
      }
      return copyAcross(result);
    },
  };
}
