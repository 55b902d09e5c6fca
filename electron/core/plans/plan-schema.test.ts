// The published JSON Schema and the parser agree on what a plan is: the documented example passes both, and the
// mistakes an editor can catch (wrong version, unknown field, a group without leader) fail both.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parsePlanText } from './parse-plan';

const schema = JSON.parse(readFileSync(fileURLToPath(new URL('../../../schemas/plan.schema.json', import.meta.url)), 'utf8')) as object;
const validate = new Ajv2020({ allErrors: true }).compile(schema);

const example = `version: 1
site: Store 42
groups:
  - leader: store42-a
    followers: [store42-b, store42-c, 10.20.0.14]
    content: [bundles/store-apps-2026.11.tar.zst]
`;

describe('plan schema and parser', () => {
  it('accept the documented example', () => {
    expect(validate(parse(example))).toBe(true);
    const parsed = parsePlanText(example, '/plans/store42.yaml');
    expect(parsed.problems).toEqual([]);
    expect(parsed.plan!.groups[0]!.content[0]).toEqual({
      given: 'bundles/store-apps-2026.11.tar.zst',
      path: '/plans/bundles/store-apps-2026.11.tar.zst',
      line: 6,
    });
    expect(parsed.plan!.groups[0]!.followers.map((f) => [f.ref, f.line])).toEqual([
      ['store42-b', 5],
      ['store42-c', 5],
      ['10.20.0.14', 5],
    ]);
  });

  for (const [what, text, line] of [
    ['a wrong version', example.replace('version: 1', 'version: 2'), 1],
    ['an unknown field', example.replace('    content:', '    contents:'), 6],
    ['a group without leader', example.replace('  - leader: store42-a\n    followers', '  - followers'), 4],
  ] as const) {
    it(`refuse ${what}`, () => {
      expect(validate(parse(text))).toBe(false);
      expect(parsePlanText(text, '/plans/p.yaml').problems).toEqual(expect.arrayContaining([expect.objectContaining({ line })]));
    });
  }
});
