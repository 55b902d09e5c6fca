// `npm run bench:cli`: how long `fieldlink --help` takes to start, against a bare `node -e 0` on the same machine,
// run alternately so both see the same load. Prints JSON; exits 1 when the median ratio is over the limit (3×).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const LIMIT = 3;
const bin = fileURLToPath(new URL('../bin/fieldlink.mjs', import.meta.url));

function timeMs(args: string[]): number {
  const start = process.hrtime.bigint();
  const run = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (run.status !== 0) throw new Error(`\`node ${args.join(' ')}\` exited with ${run.status}: ${run.stderr.toString().trim()}`);
  return ms;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const round = (n: number) => Math.round(n * 10) / 10;

export function benchCliStart(runs: number): { nodeMs: number; cliMs: number; ratio: number } {
  // Warm the file cache first: a cold first start measures the disk, not the CLI.
  for (let i = 0; i < 3; i++) {
    timeMs(['-e', '0']);
    timeMs([bin, '--help']);
  }
  const node: number[] = [];
  const cli: number[] = [];
  for (let i = 0; i < runs; i++) {
    node.push(timeMs(['-e', '0']));
    cli.push(timeMs([bin, '--help']));
  }
  const nodeMs = median(node);
  const cliMs = median(cli);
  return { nodeMs: round(nodeMs), cliMs: round(cliMs), ratio: Math.round((cliMs / nodeMs) * 100) / 100 };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '21' } } });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs is a whole number of runs, 1 or more.');
  const result = benchCliStart(runs);
  process.stdout.write(`${JSON.stringify({ command: 'fieldlink --help', runs, ...result, limit: LIMIT, ok: result.ratio <= LIMIT })}\n`);
  if (result.ratio > LIMIT) process.exitCode = 1;
}
