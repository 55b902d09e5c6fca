import type { Bonjour } from 'bonjour-service';
import dgram from 'node:dgram';
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../log';
import { MdnsDiscovery, WINDOWS_QUIET_MESSAGE, type MakeBonjour } from './mdns';

let discovery: MdnsDiscovery | null = null;
afterEach(async () => {
  await discovery?.close();
  discovery = null;
});

describe('mDNS discovery restarts', () => {
  it('runs overlapping restarts one after the other, so an interface is never browsed twice', async () => {
    discovery = new MdnsDiscovery({ observed: () => {}, problem: () => {} }, silentLogger, 60_000);
    // Two settings changes in quick succession, as the interface picker can send them.
    await Promise.all([discovery.start(['127.0.0.1']), discovery.start(['127.0.0.1'])]);
    expect(discovery.interfaces).toEqual(['127.0.0.1']);
  });

  it('opens nothing once closed, even when a restart was already queued', async () => {
    discovery = new MdnsDiscovery({ observed: () => {}, problem: () => {} }, silentLogger, 60_000);
    const queued = discovery.start(['127.0.0.1']);
    await discovery.close();
    await queued;
    expect(discovery.interfaces).toEqual([]);
  });
});

/** Resolves with the first problem reported, or fails after a generous ceiling. */
function nextProblem(problems: Array<{ iface: string; message: string }>, count = 1): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const check = () => {
      if (problems.length >= count) return resolve();
      if (Date.now() - started > 20_000) return reject(new Error(`expected ${count} discovery problem(s), got ${problems.length}`));
      setTimeout(check, 20);
    };
    check();
  });
}

describe('mDNS socket errors become discovery problems, in words', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('reports a macOS Local Network denial (EHOSTUNREACH on send) once, with what to do, and keeps the lane', async () => {
    const problems: Array<{ iface: string; message: string }> = [];
    // The socket refuses every send, as macOS does while the Local Network prompt is pending or after a denial.
    vi.spyOn(dgram.Socket.prototype, 'send').mockImplementation(function (this: dgram.Socket, ...args: unknown[]) {
      const cb = args[args.length - 1] as (err: Error) => void;
      process.nextTick(() => cb(Object.assign(new Error('send EHOSTUNREACH 224.0.0.251:5353'), { code: 'EHOSTUNREACH' })));
    } as never);
    discovery = new MdnsDiscovery({ observed: () => {}, problem: (iface, message) => problems.push({ iface, message }) }, silentLogger, 60_000, 'darwin');
    await discovery.start(['127.0.0.1']);
    await nextProblem(problems);
    discovery.rescan();
    discovery.rescan();
    await new Promise((r) => setTimeout(r, 200));
    expect(problems).toHaveLength(1);
    expect(problems[0]!.iface).toBe('127.0.0.1');
    expect(problems[0]!.message).toMatch(/System Settings › Privacy & Security › Local Network/);
    expect(problems[0]!.message).toMatch(/added by address/);
    expect(discovery.interfaces).toEqual(['127.0.0.1']);
  });

  it('on Windows, a blocked send says to use a Private network and allow the firewall rule', async () => {
    const problems: Array<{ iface: string; message: string }> = [];
    vi.spyOn(dgram.Socket.prototype, 'send').mockImplementation(function (...args: unknown[]) {
      const cb = args[args.length - 1] as (err: Error) => void;
      process.nextTick(() => cb(Object.assign(new Error('send EACCES'), { code: 'EACCES' })));
    } as never);
    discovery = new MdnsDiscovery({ observed: () => {}, problem: (iface, message) => problems.push({ iface, message }) }, silentLogger, 60_000, 'win32');
    await discovery.start(['127.0.0.1']);
    await nextProblem(problems);
    expect(problems[0]!.message).toMatch(/Private network/);
    expect(problems[0]!.message).toMatch(/5353/);
  });

  it('reports a socket fault the lane cannot survive and closes that lane', async () => {
    const problems: Array<{ iface: string; message: string }> = [];
    discovery = new MdnsDiscovery({ observed: () => {}, problem: (iface, message) => problems.push({ iface, message }) }, silentLogger, 60_000, 'linux');
    await discovery.start(['127.0.0.1']);
    const lanes = (discovery as unknown as { lanes: Array<{ bonjour: { server: { mdns: { emit(e: string, err: Error): void } } } }> }).lanes;
    lanes[0]!.bonjour.server.mdns.emit('error', Object.assign(new Error('bind EADDRINUSE 0.0.0.0:5353'), { code: 'EADDRINUSE' }));
    await nextProblem(problems);
    expect(problems[0]!.message).toMatch(/stopped/);
    expect(problems[0]!.message).toMatch(/Another program holds the mDNS port/);
    expect(discovery.interfaces).toEqual([]);
  });

  it('reports a membership fault (a warning with a socket code) rather than logging it away', async () => {
    const problems: Array<{ iface: string; message: string }> = [];
    discovery = new MdnsDiscovery({ observed: () => {}, problem: (iface, message) => problems.push({ iface, message }) }, silentLogger, 60_000, 'linux');
    await discovery.start(['127.0.0.1']);
    const lanes = (discovery as unknown as { lanes: Array<{ bonjour: { server: { mdns: { emit(e: string, err: Error): void } } } }> }).lanes;
    lanes[0]!.bonjour.server.mdns.emit('warning', Object.assign(new Error('addMembership EADDRNOTAVAIL'), { code: 'EADDRNOTAVAIL' }));
    await nextProblem(problems);
    expect(problems[0]!.message).toMatch(/gone or down .*choose another interface/);
  });
});

/**
 * One interface's mDNS instance without a network: nothing is sent and nothing answers unless the test says so, so
 * another simulator on this machine's loopback cannot make a host appear.
 */
function fakeNetwork() {
  const browsers: EventEmitter[] = [];
  const make: MakeBonjour = () => {
    const mdns = Object.assign(new EventEmitter(), {
      send(_value: unknown, rinfo?: unknown, cb?: unknown) {
        const done = (typeof rinfo === 'function' ? rinfo : cb) as ((err: null) => void) | undefined;
        done?.(null);
      },
    });
    return {
      server: { mdns },
      find: () => {
        const browser = Object.assign(new EventEmitter(), { services: [] as unknown[], stop: () => {} });
        browsers.push(browser);
        return browser;
      },
      destroy: (cb?: () => void) => cb?.(),
    } as unknown as Bonjour;
  };
  return { make, browsers };
}

describe('an empty discovery on Windows is explained once', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('tells how to let mDNS answers in when nothing answered for a while, once', async () => {
    vi.useFakeTimers();
    const problems: Array<{ iface: string; message: string }> = [];
    const network = fakeNetwork();
    discovery = new MdnsDiscovery(
      { observed: () => {}, problem: (iface, message) => problems.push({ iface, message }) },
      silentLogger,
      60_000,
      'win32',
      45_000,
      network.make,
    );
    await discovery.start(['127.0.0.1']);
    vi.advanceTimersByTime(44_999);
    expect(problems).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(problems).toEqual([{ iface: '', message: WINDOWS_QUIET_MESSAGE }]);
    // A restart (a settings change, Rescan) does not say it again.
    await discovery.start(['127.0.0.1']);
    vi.advanceTimersByTime(200_000);
    expect(problems).toHaveLength(1);
  });

  it('says nothing once any host answered', async () => {
    vi.useFakeTimers();
    const problems: string[] = [];
    const network = fakeNetwork();
    discovery = new MdnsDiscovery(
      { observed: () => {}, problem: (_iface, message) => problems.push(message) },
      silentLogger,
      60_000,
      'win32',
      45_000,
      network.make,
    );
    await discovery.start(['127.0.0.1']);
    // Even an answer Fieldlink cannot use proves that answers get through the firewall.
    network.browsers.at(-1)!.emit('up', { name: 'not-a-host' });
    vi.advanceTimersByTime(100_000);
    expect(problems).toEqual([]);
  });

  it('keeps one silence timer however often it is armed', async () => {
    vi.useFakeTimers();
    const network = fakeNetwork();
    discovery = new MdnsDiscovery({ observed: () => {}, problem: () => {} }, silentLogger, 60_000, 'win32', 45_000, network.make);
    await discovery.start(['127.0.0.1']);
    const armed = vi.getTimerCount(); // the re-query interval and the silence timer
    (discovery as unknown as { watchForSilence(): void }).watchForSilence();
    (discovery as unknown as { watchForSilence(): void }).watchForSilence();
    expect(vi.getTimerCount()).toBe(armed);
    await discovery.stop();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('says nothing on other systems, where silence has no such cause', async () => {
    vi.useFakeTimers();
    const problems: Array<{ iface: string; message: string }> = [];
    const network = fakeNetwork();
    discovery = new MdnsDiscovery(
      { observed: () => {}, problem: (iface, message) => problems.push({ iface, message }) },
      silentLogger,
      60_000,
      'linux',
      20,
      network.make,
    );
    await discovery.start(['127.0.0.1']);
    vi.advanceTimersByTime(100_000);
    expect(problems).toEqual([]);
  });
});
