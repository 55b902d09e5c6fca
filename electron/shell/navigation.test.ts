import { describe, expect, it } from 'vitest';
import { decideWindowOpen, isOnOrigin, originOf } from './navigation';
import { checkSender } from './sender';
import { isPermissionAllowed, lockDownPermissions, type PermissionSession } from './permissions';

const APP = ['fieldlink://app'];

describe('navigation allow-list', () => {
  it('computes origins for the app scheme, which WHATWG URL calls "null"', () => {
    expect(originOf('fieldlink://app/index.html#/hosts')).toBe('fieldlink://app');
    expect(originOf('http://localhost:5173/src/main.tsx')).toBe('http://localhost:5173');
    expect(originOf('about:blank')).toBeNull();
    expect(originOf('garbage')).toBeNull();
  });

  it('keeps the console on its own pages', () => {
    expect(isOnOrigin('fieldlink://app/index.html', APP)).toBe(true);
    expect(isOnOrigin('FIELDLINK://APP/index.html', APP)).toBe(true);
    expect(isOnOrigin('fieldlink://app.evil/index.html', APP)).toBe(false);
    expect(isOnOrigin('https://example.com/', APP)).toBe(false);
    expect(isOnOrigin('file:///etc/passwd', APP)).toBe(false);
    expect(isOnOrigin('javascript:alert(1)', APP)).toBe(false);
    expect(isOnOrigin('http://localhost:5174/', ['http://localhost:5173'])).toBe(false);
  });
});

describe('window.open policy', () => {
  const hosts = [
    { id: 'edge-1', url: 'https://10.1.1.5:5080', fingerprint: 'AB:CD' },
    { id: 'edge-2', url: 'https://10.1.1.6:5080', fingerprint: null },
  ];

  it("opens a known host's Local UI only when its certificate is pinned", () => {
    expect(decideWindowOpen('https://10.1.1.5:5080/ui/overview', hosts)).toEqual({
      action: 'local-ui',
      target: { hostId: 'edge-1', origin: 'https://10.1.1.5:5080', fingerprint: 'AB:CD' },
    });
    expect(decideWindowOpen('https://10.1.1.6:5080/', hosts)).toMatchObject({ action: 'deny', reason: expect.stringMatching(/pinned/) });
  });

  it('denies everything else', () => {
    expect(decideWindowOpen('https://10.1.1.5:5081/', hosts).action).toBe('deny');
    expect(decideWindowOpen('http://10.1.1.5:5080/', hosts).action).toBe('deny');
    expect(decideWindowOpen('https://example.com/', hosts).action).toBe('deny');
    expect(decideWindowOpen('fieldlink://app/index.html', hosts).action).toBe('deny');
    expect(decideWindowOpen('file:///etc/passwd', hosts).action).toBe('deny');
  });
});

describe('IPC sender check', () => {
  const policy = { mainWebContentsId: 7, appOrigins: APP };

  it("accepts only the console window's top frame on the app origin", () => {
    expect(checkSender({ webContentsId: 7, frame: { url: 'fieldlink://app/index.html', isTop: true } }, policy)).toEqual({ ok: true });
  });

  it('refuses other windows, iframes, foreign pages and vanished frames', () => {
    expect(checkSender({ webContentsId: 8, frame: { url: 'fieldlink://app/index.html', isTop: true } }, policy)).toMatchObject({ ok: false });
    expect(checkSender({ webContentsId: 7, frame: { url: 'fieldlink://app/index.html', isTop: false } }, policy)).toMatchObject({ ok: false });
    expect(checkSender({ webContentsId: 7, frame: { url: 'https://evil.example/', isTop: true } }, policy)).toMatchObject({ ok: false });
    expect(checkSender({ webContentsId: 7, frame: null }, policy)).toMatchObject({ ok: false });
    expect(checkSender({ webContentsId: 7, frame: { url: 'fieldlink://app/', isTop: true } }, { ...policy, mainWebContentsId: null })).toMatchObject({
      ok: false,
    });
  });
});

describe('permission policy', () => {
  it('grants nothing but clipboard writes from the app itself', () => {
    expect(isPermissionAllowed('clipboard-sanitized-write', 'fieldlink://app/index.html', APP)).toBe(true);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'https://10.0.0.5:5080/', APP)).toBe(false);
    expect(isPermissionAllowed('clipboard-sanitized-write', undefined, APP)).toBe(false);
    for (const permission of ['clipboard-read', 'media', 'geolocation', 'notifications', 'openExternal', 'fullscreen', 'hid', 'serial', 'unknown']) {
      expect(isPermissionAllowed(permission, 'fieldlink://app/index.html', APP)).toBe(false);
    }
  });

  it('installs request, check and device handlers that deny and log', () => {
    const installed: Record<string, unknown> = {};
    const session: PermissionSession = {
      setPermissionRequestHandler: (h) => void (installed.request = h),
      setPermissionCheckHandler: (h) => void (installed.check = h),
      setDevicePermissionHandler: (h) => void (installed.device = h),
    };
    const logged: string[] = [];
    lockDownPermissions(session, APP, (m) => logged.push(m));

    const answers: boolean[] = [];
    const request = installed.request as (w: unknown, p: string, cb: (g: boolean) => void, d: { requestingUrl?: string }) => void;
    request(null, 'media', (g) => answers.push(g), { requestingUrl: 'fieldlink://app/' });
    request(null, 'clipboard-sanitized-write', (g) => answers.push(g), { requestingUrl: 'fieldlink://app/' });
    expect(answers).toEqual([false, true]);
    expect(logged).toEqual(['Refused the permission request "media".']);

    const check = installed.check as (w: unknown, p: string, origin: string, d: unknown) => boolean;
    expect(check(null, 'notifications', 'fieldlink://app', {})).toBe(false);
    expect((installed.device as (d: unknown) => boolean)({})).toBe(false);
  });
});
