// The spec copy is the contract every conformance check uses: this keeps it the file reference/README.md names.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SPEC_FILE } from './swagger-validator';

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe('the spec copy in reference/', () => {
  it('has the sha256 that reference/README.md records', () => {
    const readme = readFileSync(path.join(PROJECT_ROOT, 'reference/README.md'), 'utf8');
    const recorded = /sha256: `([0-9a-f]{64})`/.exec(readme)?.[1];
    expect(recorded, 'reference/README.md must record the sha256 as "sha256: `<64 hex>`"').toBeDefined();
    const actual = createHash('sha256').update(readFileSync(SPEC_FILE)).digest('hex');
    expect(actual).toBe(recorded);
  });

  it('is read from inside the project, so a clone with nothing beside it runs the tests', () => {
    expect(path.relative(PROJECT_ROOT, SPEC_FILE).startsWith('..')).toBe(false);
    const spec = JSON.parse(readFileSync(SPEC_FILE, 'utf8')) as { swagger: string; info: { title: string } };
    expect(spec.swagger).toBe('2.0');
    expect(spec.info.title).toBe('Local Management APIs');
  });
});
