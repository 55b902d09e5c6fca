// The published JSON Schema and the parser agree on what a plan is: the documented example passes both, the
// mistakes an editor can catch (wrong version, unknown field, a group without leader) fail both, and a table of
// edge cases (case of extensions, numbers as names, empty lists, blank text) gets the same answer from both. Only
// what a schema cannot express (one host named twice in any spelling, a follower that leads) is the parser's alone.
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

  const plan = (group: string, top = 'version: 1\n') => `${top}groups:\n  - ${group}\n`;
  const samples: [string, string, boolean][] = [
    ['an extension in capitals', plan('leader: a\n    content: [bundles/APPS.TAR.ZST]'), true],
    ['a .tgz and a .tar.gz cluster definition', plan('leader: a\n    content: [c.tgz, "d e.Tar.Gz"]'), true],
    ['a hidden .zst name', plan('leader: a\n    content: [.tar.zst]'), true],
    ['a file that is not a bundle', plan('leader: a\n    content: [bundles/apps.zip]'), false],
    ['a bare extension', plan('leader: a\n    content: [bundles/.zst]'), false],
    ['a .gz that is not a .tar.gz', plan('leader: a\n    content: [apps.gz]'), false],
    ['a bundle path with a trailing space', plan('leader: a\n    content: ["apps.zst "]'), false],
    ['a number as content', plan('leader: a\n    content: [42]'), false],
    ['hosts named by whole numbers', plan('leader: 1001\n    followers: [1002, "1003"]'), true],
    ['a host named by a decimal number', plan('leader: 10.5'), false],
    ['a host named by a negative number', plan('leader: -3'), false],
    ['a host that is true', plan('leader: true'), false],
    ['a blank host', plan('leader: "  "'), false],
    ['a host name of 301 characters', plan(`leader: ${'h'.repeat(301)}`), false],
    ['empty followers and content', plan('leader: a\n    followers:\n    content:'), true],
    ['followers that are not a list', plan('leader: a\n    followers: b'), false],
    ['a site that is a number', plan('leader: a', 'version: 1\nsite: 42\n'), true],
    ['a blank site', plan('leader: a', 'version: 1\nsite: " "\n'), false],
    ['a site of 201 characters', plan('leader: a', `version: 1\nsite: ${'s'.repeat(201)}\n`), false],
    ['a site that is a list', plan('leader: a', 'version: 1\nsite: [a]\n'), false],
    ['a $schema address', plan('leader: a', 'version: 1\n$schema: ./plan.schema.json\n'), true],
    ['a $schema that is not text', plan('leader: a', 'version: 1\n$schema: 3\n'), false],
    ['no groups', 'version: 1\ngroups: []\n', false],
    ['the same follower twice', plan('leader: a\n    followers: [b, b]'), false],
  ];
  for (const [what, text, ok] of samples) {
    it(`agree on ${what}: ${ok ? 'accepted' : 'refused'}`, () => {
      expect(validate(parse(text)), JSON.stringify(validate.errors)).toBe(ok);
      expect(parsePlanText(text, '/plans/p.yaml').problems.length === 0).toBe(ok);
    });
  }

  // What only the parser can see: the schema accepts these, and it says so in its description.
  for (const [what, text] of [
    ['one follower in two spellings of case', plan('leader: a\n    followers: [store-b, STORE-B]')],
    ['a follower that leads another group', `version: 1\ngroups:\n  - leader: a\n    followers: [b]\n  - leader: B\n`],
  ] as const) {
    it(`the parser alone refuses ${what}`, () => {
      expect(validate(parse(text))).toBe(true);
      expect(parsePlanText(text, '/plans/p.yaml').problems).not.toEqual([]);
    });
  }
});
