import { describe, expect, it } from 'vitest';
import { buildCsp, newNonce } from './csp';

const directive = (csp: string, name: string) =>
  csp
    .split(';')
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${name} `));

describe('buildCsp', () => {
  it('allows only the app itself in production, with no inline script or style', () => {
    const csp = buildCsp({ styleNonce: 'AAAAAAAAAAAAAAAAAAAAAA==' });
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(directive(csp, 'default-src')).toBe("default-src 'none'");
    expect(directive(csp, 'script-src')).toBe("script-src 'self'");
    expect(directive(csp, 'style-src')).toBe("style-src 'self' 'nonce-AAAAAAAAAAAAAAAAAAAAAA=='");
    expect(directive(csp, 'connect-src')).toBe("connect-src 'self'");
    expect(directive(csp, 'object-src')).toBe("object-src 'none'");
    expect(directive(csp, 'frame-ancestors')).toBe("frame-ancestors 'none'");
    expect(directive(csp, 'base-uri')).toBe("base-uri 'none'");
  });

  it('without a nonce allows only style files', () => {
    expect(directive(buildCsp(), 'style-src')).toBe("style-src 'self'");
  });

  it('in development also allows the local Vite dev server and its hot-reload socket', () => {
    const csp = buildCsp({ devServerOrigin: 'http://localhost:5173/' });
    expect(directive(csp, 'script-src')).toBe("script-src 'self' 'unsafe-inline' http://localhost:5173");
    expect(directive(csp, 'connect-src')).toBe("connect-src 'self' http://localhost:5173 ws://localhost:5173");
    expect(csp).not.toContain('unsafe-eval');
  });

  it('refuses a dev server that is not on this computer', () => {
    expect(() => buildCsp({ devServerOrigin: 'http://evil.example:5173' })).toThrow(/this computer/);
    expect(() => buildCsp({ devServerOrigin: 'https://localhost:5173' })).toThrow();
  });

  it('refuses a nonce that could break out of the header', () => {
    expect(() => buildCsp({ styleNonce: "abc'; script-src *" })).toThrow(/nonce/);
  });

  it('makes fresh 128-bit nonces', () => {
    let n = 0;
    const nonce = newNonce((size) => new Uint8Array(size).fill(++n));
    expect(Buffer.from(nonce, 'base64')).toHaveLength(16);
    expect(() => buildCsp({ styleNonce: nonce })).not.toThrow();
  });
});
