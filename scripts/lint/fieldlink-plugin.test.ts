// The silenced-promise rule: a `void`-ed promise or a swallowing `.catch` passes only with a reason next to it.
import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, it } from 'vitest';
import { fieldlinkPlugin } from './fieldlink-plugin.mjs';

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

// Without type information the rule treats any call as a possible promise, which is what these snippets need.
const tester = new RuleTester({
  languageOptions: { parser: tseslint.parser, ecmaVersion: 2022, sourceType: 'module', parserOptions: { ecmaFeatures: { jsx: true } } },
});

tester.run('silenced-promise-reason', fieldlinkPlugin.rules['silenced-promise-reason'], {
  valid: [
    '// The window may be gone already; nothing is left to tell.\nvoid send();',
    'void send(); // the window may be gone already',
    'async function f() { await stop().catch(() => {}); /* stopping twice is not a failure */ }',
    'async function f() {\n  // Best effort on the way out.\n  await stop().catch(() => undefined);\n}',
    'stop().catch(() => { /* already stopped: nothing to undo */ });',
    'stop().catch((err) => log(err));',
    'const x = void 0;',
    'void unusedName;',
    'const el = <button onClick={() => void save() /* errors show in the task list */} />;',
  ],
  invalid: [
    { code: 'void send();', errors: [{ messageId: 'voided' }] },
    { code: 'function f() {\n  void send();\n}', errors: [{ messageId: 'voided' }] },
    { code: 'stop().catch(() => {});', errors: [{ messageId: 'swallowed' }] },
    { code: 'stop().catch(() => undefined);', errors: [{ messageId: 'swallowed' }] },
    { code: 'stop().catch(function () {});', errors: [{ messageId: 'swallowed' }] },
    { code: 'const el = <button onClick={() => void save()} />;', errors: [{ messageId: 'voided' }] },
    // A comment two lines up belongs to something else.
    { code: '// about a\nconst a = 1;\nvoid send();', errors: [{ messageId: 'voided' }] },
  ],
});
