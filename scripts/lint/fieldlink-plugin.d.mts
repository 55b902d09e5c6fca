// Types of fieldlink-plugin.mjs for its test (the plugin is plain JavaScript so that ESLint can load it as it is).
import type { Rule } from 'eslint';

export declare const fieldlinkPlugin: {
  meta: { name: string };
  rules: { 'silenced-promise-reason': Rule.RuleModule };
};
