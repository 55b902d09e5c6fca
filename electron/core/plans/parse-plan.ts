// Reads a plan file (YAML, or JSON, which YAML reads too) into groups, keeping the line of everything it names so
// every problem can point the technician at the line to fix. Only the file is looked at here; whether the hosts
// exist is decided against the live site (check-plan.ts).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import type { PlanProblem } from '../../../shared/contract';
import { inspectFile, kindOfName } from '../uploads/classify';

export const PLAN_VERSION = 1;
/** A plan is a short text; anything far larger is the wrong file chosen. */
const MAX_PLAN_BYTES = 1024 * 1024;

export interface PlanRef {
  /** As written: a host id, a name or an address. */
  ref: string;
  line: number | null;
}

export interface PlanBundle {
  /** As written in the plan. */
  given: string;
  /** Resolved against the plan file's folder. */
  path: string;
  line: number | null;
}

export interface PlanGroup {
  line: number | null;
  leader: PlanRef;
  followers: PlanRef[];
  content: PlanBundle[];
}

export interface ParsedPlan {
  file: string;
  site: string | null;
  groups: PlanGroup[];
}

export interface ParseResult {
  plan: ParsedPlan | null;
  problems: PlanProblem[];
}

const GROUP_KEYS = new Set(['leader', 'followers', 'content']);
const TOP_KEYS = new Set(['version', 'site', 'groups', '$schema']);

/** Reads and checks a plan file, bundles included (each must exist and be uploadable). */
export async function readPlanFile(file: string): Promise<ParseResult> {
  const absolute = path.resolve(file);
  let text: string;
  try {
    const buf = await readFile(absolute);
    if (buf.length > MAX_PLAN_BYTES) return failed(`The plan ${path.basename(absolute)} is larger than 1 MiB: choose the plan file itself.`);
    text = buf.toString('utf8');
  } catch (err) {
    const code = (err as { code?: string }).code;
    return failed(
      code === 'ENOENT' || code === 'ENOTDIR'
        ? `The plan ${absolute} was not found. Check the path.`
        : `The plan ${absolute} cannot be read (${code ?? 'unknown error'}). Check its permissions.`,
    );
  }
  const parsed = parsePlanText(text, absolute);
  if (!parsed.plan) return parsed;
  const bundleProblems = await checkBundles(parsed.plan);
  return { plan: parsed.problems.length || bundleProblems.length ? null : parsed.plan, problems: [...parsed.problems, ...bundleProblems] };
}

function failed(message: string, line: number | null = null): ParseResult {
  return { plan: null, problems: [{ line, message }] };
}

/** Parses plan text; `file` names the plan (bundle paths are relative to its folder). */
export function parsePlanText(text: string, file: string): ParseResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const problems: PlanProblem[] = [];
  const lineOf = (node: unknown): number | null => {
    const range = (node as YamlNode | null)?.range;
    return range ? lines.linePos(range[0]).line : null;
  };
  for (const err of doc.errors) {
    problems.push({
      line: err.linePos?.[0]?.line ?? (err.pos ? lines.linePos(err.pos[0]).line : null),
      message: `The plan is not valid YAML or JSON: ${firstLine(err.message)}`,
    });
  }
  if (problems.length) return { plan: null, problems };

  const root = doc.contents;
  if (!isMap(root)) return failed('A plan starts with "version: 1" and lists its "groups" (see docs/plans.md).', lineOf(root) ?? 1);
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!TOP_KEYS.has(key)) problems.push({ line: lineOf(pair.key), message: `"${key}" is not a plan field; a plan has version, site and groups.` });
  }
  const schemaNode = root.get('$schema', true);
  if (schemaNode !== undefined && !(isScalar(schemaNode) && typeof schemaNode.value === 'string')) {
    problems.push({ line: lineOf(schemaNode), message: '"$schema" is the address of the plan schema, as text (or leave it out).' });
  }

  const version = root.get('version', true);
  if (!version) problems.push({ line: 1, message: `The plan has no "version": add "version: ${PLAN_VERSION}" at the top.` });
  else if (!isScalar(version) || (version.value as unknown) !== PLAN_VERSION) {
    problems.push({
      line: lineOf(version),
      message: `This plan is version ${isScalar(version) ? JSON.stringify(version.value) : 'unknown'}; this Fieldlink reads version ${PLAN_VERSION} plans only.`,
    });
  }

  const siteNode = root.get('site', true);
  let site: string | null = null;
  if (siteNode !== undefined) {
    site = textValue(siteNode, 200);
    if (site === null)
      problems.push({ line: lineOf(siteNode), message: '"site" is the name of the site, as text of at most 200 characters (or leave it out).' });
  }

  const groupsNode = root.get('groups', true);
  const groups: PlanGroup[] = [];
  if (!groupsNode) problems.push({ line: null, message: 'The plan lists no "groups": add at least one group with its leader.' });
  else if (!isSeq(groupsNode) || groupsNode.items.length === 0) {
    problems.push({ line: lineOf(groupsNode), message: '"groups" is a list of groups, each with a leader (and its followers and content).' });
  } else {
    const baseDir = path.dirname(path.resolve(file));
    for (const item of groupsNode.items) {
      const group = readGroup(item, baseDir, lineOf, problems);
      if (group) groups.push(group);
    }
  }
  if (!problems.length) problems.push(...crossChecks(groups));
  return { plan: problems.length ? null : { file: path.resolve(file), site, groups }, problems };
}

function firstLine(text: string): string {
  return text
    .split('\n')[0]!
    .replace(/ at line \d+, column \d+:?$/, '')
    .trim();
}

function readGroup(node: unknown, baseDir: string, lineOf: (n: unknown) => number | null, problems: PlanProblem[]): PlanGroup | null {
  const line = lineOf(node);
  if (!isMap(node)) {
    problems.push({ line, message: 'Each group is a map: "leader: HOST", then optional "followers: [...]" and "content: [...]".' });
    return null;
  }
  let ok = true;
  for (const pair of node.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!GROUP_KEYS.has(key)) {
      problems.push({ line: lineOf(pair.key), message: `"${key}" is not a group field; a group has leader, followers and content.` });
      ok = false;
    }
  }
  const leaderNode = node.get('leader', true);
  const leader = leaderNode ? hostRef(leaderNode, lineOf, problems, 'The leader') : null;
  if (!leaderNode) problems.push({ line, message: 'This group has no "leader": name the host that leads it (an id, a name or an address).' });
  const followers = list(node.get('followers', true), 'followers', lineOf, problems).map((n) => hostRef(n, lineOf, problems, 'A follower'));
  const content = list(node.get('content', true), 'content', lineOf, problems).map((n): PlanBundle | null => {
    // Taken as written: a path is exact (the schema's pattern reads it the same way).
    const given = isScalar(n) && typeof n.value === 'string' ? n.value : '';
    if (!given.trim()) {
      problems.push({ line: lineOf(n), message: 'A content entry is the path of a bundle file (relative to the plan file, or absolute).' });
      return null;
    }
    if (!kindOfName(path.basename(given))) {
      problems.push({
        line: lineOf(n),
        message: `${given} is not a content bundle (.tar.zst, .zst) or a cluster definition (.tgz, .tar.gz): check the file name.`,
      });
      return null;
    }
    return { given, path: path.resolve(baseDir, given), line: lineOf(n) };
  });
  if (!ok || !leader || followers.includes(null) || content.includes(null)) return null;
  return { line, leader, followers: followers as PlanRef[], content: content as PlanBundle[] };
}

function list(node: unknown, name: string, lineOf: (n: unknown) => number | null, problems: PlanProblem[]): unknown[] {
  if (node === undefined || node === null) return [];
  if (isScalar(node) && node.value === null) return [];
  if (!isSeq(node)) {
    problems.push({ line: lineOf(node), message: `"${name}" is a list, such as [a, b] or one "- item" per line.` });
    return [];
  }
  return node.items;
}

/**
 * Text, or a whole number written without quotes (YAML reads `site: 42` or a host named 1001 as a number), trimmed;
 * null when it is anything else, blank, or longer than `max`. The schema allows exactly the same.
 */
function textValue(node: unknown, max: number): string | null {
  if (!isScalar(node)) return null;
  const { value } = node;
  const text = typeof value === 'string' ? value : typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? String(value) : null;
  return text !== null && text.length <= max && text.trim() ? text.trim() : null;
}

function hostRef(node: unknown, lineOf: (n: unknown) => number | null, problems: PlanProblem[], what: string): PlanRef | null {
  const value = textValue(node, 300);
  if (!value) {
    problems.push({ line: lineOf(node), message: `${what} is named by a host id, a name or an address (ip:port), as text.` });
    return null;
  }
  return { ref: value, line: lineOf(node) };
}

/** What the file alone shows is contradictory: a host named twice, a follower that is also a leader. */
function crossChecks(groups: PlanGroup[]): PlanProblem[] {
  const problems: PlanProblem[] = [];
  const leaders = new Map<string, PlanRef>();
  for (const g of groups) {
    const key = g.leader.ref.toLowerCase();
    const seen = leaders.get(key);
    if (seen)
      problems.push({
        line: g.leader.line,
        message: `${g.leader.ref} leads two groups (also on line ${seen.line ?? '?'}): a host leads one group at most; merge them.`,
      });
    else leaders.set(key, g.leader);
  }
  const followers = new Map<string, PlanRef>();
  for (const g of groups) {
    for (const f of g.followers) {
      const key = f.ref.toLowerCase();
      const leader = leaders.get(key);
      if (leader) {
        problems.push({
          line: f.line,
          message: `${f.ref} is a follower here and a leader on line ${leader.line ?? '?'}: a leader cannot follow another host.`,
        });
        continue;
      }
      const seen = followers.get(key);
      if (seen) problems.push({ line: f.line, message: `${f.ref} is named twice (also on line ${seen.line ?? '?'}): a host belongs to one group only.` });
      else followers.set(key, f);
    }
  }
  return problems;
}

/** Each bundle must exist and be something a host takes; a plan that names a missing file is refused whole. */
async function checkBundles(plan: ParsedPlan): Promise<PlanProblem[]> {
  const problems: PlanProblem[] = [];
  for (const g of plan.groups) {
    for (const b of g.content) {
      const inspected = await inspectFile(b.path);
      if (inspected.check.error) problems.push({ line: b.line, message: `${b.given}: ${inspected.check.error}` });
    }
  }
  return problems;
}

/** `FILE:LINE: message`, the form editors and terminals make clickable. */
export function problemLine(file: string, problem: PlanProblem): string {
  return `${file}${problem.line ? `:${problem.line}` : ''}: ${problem.message}`;
}
