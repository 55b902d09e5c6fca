// The chosen-file gate reads which input fields hold local paths from shared/contract.ts (localPathFields). A
// command that gains a path-like field without declaring it there would skip the gate, so this walks every
// command's input schema and fails on any such field that is not declared, and on any declaration that names
// nothing.
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { commandNames, commands, localPathFields, type CommandName } from '../../shared/contract';
import { localPathsOf, mapLocalPaths } from './chosen-files';

/** A field whose name says it may hold a file or folder on this computer. */
const PATH_LIKE = /^(paths?|files?|file_?path|out|output|dest(ination)?|dir(ectory)?|folder|target)$|(path|paths|file|dir|folder)$/i;

type Leaf = { field: string; kind: string };

/** Every leaf field of a zod (v4) schema, as `a.b`, with `[]` for each item of an array. */
function leaves(schema: z.ZodType, at: string): Leaf[] {
  const def = (schema as unknown as { _zod: { def: Record<string, any> } })._zod.def;
  switch (def.type) {
    case 'object':
      return Object.entries(def.shape as Record<string, z.ZodType>).flatMap(([key, child]) => leaves(child, at ? `${at}.${key}` : key));
    case 'array':
      return leaves(def.element, `${at}[]`);
    case 'optional':
    case 'nullable':
    case 'default':
    case 'readonly':
    case 'nonoptional':
      return leaves(def.innerType, at);
    case 'union':
      return (def.options as z.ZodType[]).flatMap((option) => leaves(option, at));
    case 'pipe':
      return leaves(def.in, at);
    default:
      return [{ field: at, kind: def.type as string }];
  }
}

const lastName = (field: string) => field.split('.').at(-1)!.replace(/\[\]$/, '');
const declared = (name: CommandName): readonly string[] => (localPathFields as Partial<Record<CommandName, readonly string[]>>)[name] ?? [];

describe('localPathFields in shared/contract.ts', () => {
  it('declares every input field named like a local path, in every command', () => {
    const missing: string[] = [];
    for (const name of commandNames) {
      const fields = leaves(commands[name].input as unknown as z.ZodType, '');
      for (const { field } of fields) {
        if (PATH_LIKE.test(lastName(field)) && !declared(name).includes(field)) missing.push(`${name}: ${field}`);
      }
    }
    // Declare each in localPathFields (shared/contract.ts), or rename the field if it is no path on this computer.
    expect(missing).toEqual([]);
  });

  it('the walk finds the fields it must (a check that the schema walk itself works)', () => {
    expect(leaves(commands['uploads.start'].input as unknown as z.ZodType, '').map((l) => l.field)).toEqual(
      expect.arrayContaining(['hostId', 'files[].path', 'files[].signaturePath']),
    );
    expect(PATH_LIKE.test('signaturePath') && PATH_LIKE.test('paths') && PATH_LIKE.test('out') && !PATH_LIKE.test('hostId')).toBe(true);
  });

  it('names only string fields that exist', () => {
    for (const [name, fields] of Object.entries(localPathFields) as Array<[CommandName, readonly string[]]>) {
      const all = leaves(commands[name].input as unknown as z.ZodType, '');
      for (const field of fields)
        expect(
          all.find((l) => l.field === field),
          `${name}: ${field}`,
        ).toMatchObject({ kind: 'string' });
    }
  });

  it('is what the gate reads: every declared field of a sample input is found and can be rewritten', () => {
    const input = { hostId: 'edge-1', files: [{ path: '/a/b.tar', signaturePath: '/a/b.sig' }, { path: '/c.tar' }] };
    expect(localPathsOf('uploads.start', input)).toEqual(['/a/b.tar', '/c.tar', '/a/b.sig']);
    expect(localPathsOf('plan.apply', { path: '/plans/site.yaml', prune: true })).toEqual(['/plans/site.yaml']);
    expect(localPathsOf('uploads.check', { paths: ['/x', 3, null] })).toEqual(['/x']);
    expect(localPathsOf('hosts.add', { address: '/etc/passwd' })).toEqual([]);
    expect(mapLocalPaths('uploads.start', input, (p) => p.toUpperCase())).toEqual({
      hostId: 'edge-1',
      files: [{ path: '/A/B.TAR', signaturePath: '/A/B.SIG' }, { path: '/C.TAR' }],
    });
    // The page's object is never changed in place.
    expect(input.files[0]!.path).toBe('/a/b.tar');
  });
});
