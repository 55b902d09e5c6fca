// link, unlink, stop-token and upload: resolve the hosts, start one task in the core, follow it to its end, and
// print one line per host.
import path from 'node:path';
import type { TaskView } from '../../../shared/contract';
import { resolveHost, resolveHosts, type CliContext } from '../context';
import { asHostFailure, HostFailure } from '../failures';
import { safe, taskFailureLines, taskSuccessLines } from '../output';

function report(ctx: CliContext, tasks: TaskView[]): void {
  if (ctx.json) ctx.out.json(tasks.length === 1 ? tasks[0] : tasks);
  for (const task of tasks) {
    if (!ctx.json) for (const line of taskSuccessLines(task)) ctx.out.line(line);
    for (const line of taskFailureLines(task)) ctx.failures.add(line);
    // A link run that did not link everyone ends with a summary worth reading (it says, for one, when the run made a
    // leader that nobody joined): one more line with the failures.
    if (task.kind === 'link' && task.state !== 'succeeded' && task.phase) ctx.failures.add(`${safe(task.title, 60)}: ${safe(task.phase, 400)}`);
  }
}

async function runOne(ctx: CliContext, label: string, start: () => Promise<string[]>): Promise<void> {
  try {
    report(ctx, await ctx.tasks.run(start));
  } catch (err) {
    ctx.failures.add(asHostFailure(label, err));
  }
}

export async function linkCommand(ctx: CliContext, leaderRef: string, followerRefs: string[]): Promise<void> {
  const found = await resolveHosts(ctx, [leaderRef, ...followerRefs]);
  const leader = found.get(leaderRef);
  if (!leader) return;
  const followerIds = [...new Set(followerRefs.map((ref) => found.get(ref)?.id).filter((id): id is string => !!id))];
  if (followerIds.includes(leader.id)) {
    ctx.failures.add(new HostFailure(leader.name, 'a host cannot be linked to itself as a follower.'));
    return;
  }
  if (followerIds.length === 0) return;
  await runOne(ctx, leader.name, async () => [(await ctx.session.call('link.followers', { leaderId: leader.id, followerIds })).taskId]);
}

export async function unlinkCommand(ctx: CliContext, ref: string, fromLeader: boolean): Promise<void> {
  const host = await resolveHost(ctx, ref).catch((err: unknown) => void ctx.failures.add(asHostFailure(ref, err)));
  if (!host) return;
  await runOne(ctx, host.name, async () => [(await ctx.session.call('link.unlink', { hostId: host.id, fromLeader })).taskId]);
}

export async function stopTokenCommand(ctx: CliContext, ref: string): Promise<void> {
  const host = await resolveHost(ctx, ref).catch((err: unknown) => void ctx.failures.add(asHostFailure(ref, err)));
  if (!host) return;
  await runOne(ctx, host.name, async () => [(await ctx.session.call('link.stopToken', { hostId: host.id })).taskId]);
}

export async function uploadCommand(ctx: CliContext, ref: string, files: string[], signature: string | undefined): Promise<void> {
  if (signature && files.length !== 1) {
    ctx.failures.add(`${safe(signature)}: --signature goes with exactly one FILE; upload signed files one at a time.`);
    return;
  }
  const host = await resolveHost(ctx, ref).catch((err: unknown) => void ctx.failures.add(asHostFailure(ref, err)));
  if (!host) return;
  const list = files.map((file) => ({
    path: path.resolve(file),
    ...(signature ? { signaturePath: path.resolve(signature) } : {}),
  }));
  await runOne(ctx, host.name, async () => (await ctx.session.call('uploads.start', { hostId: host.id, files: list })).taskIds);
}
