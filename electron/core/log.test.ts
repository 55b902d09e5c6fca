import { describe, expect, it } from 'vitest';
import { redactingLogger, SecretSet } from './log';

describe('redacting logger', () => {
  it('blanks secret-named fields and registered secret values wherever they appear', () => {
    const lines: string[] = [];
    const target = { info: (m: string, f?: object) => lines.push(`${m} ${JSON.stringify(f)}`), warn() {}, error() {} };
    const secrets = new SecretSet();
    secrets.add('hunter22');
    const log = redactingLogger(target, secrets);
    log.info('login with hunter22', { password: 'x', nested: { token: 'abc', note: 'pw hunter22 here' }, host: 'h1', err: new Error('bad hunter22') });
    expect(lines[0]).not.toMatch(/hunter22/);
    expect(lines[0]).toContain('[redacted]');
    expect(lines[0]).toContain('h1');
    expect(lines[0]).not.toMatch(/"abc"/);
  });

  it('survives a logger that throws', () => {
    const log = redactingLogger(
      {
        info: () => {
          throw new Error('disk full');
        },
        warn() {},
        error() {},
      },
      new SecretSet(),
    );
    expect(() => log.info('x')).not.toThrow();
  });
});
