// `fieldlink token HOST`: the link token of HOST, making it a leader first when it is not known to be one
// (generating a token is what makes a host a leader, so this is the only reason the CLI ever does it).
import type { HostView } from '../../../shared/contract';
import { ConsoleError } from '../../../shared/errors';
import { resolveHost, type CliContext } from '../context';
import { asHostFailure, HostFailure } from '../failures';
import { safe, taskFailureLines } from '../output';

export async function tokenCommand(ctx: CliContext, ref: string): Promise<void> {
  let host: HostView;
  try {
    host = await resolveHost(ctx, ref);
  } catch (err) {
    ctx.failures.add(asHostFailure(ref, err));
    return;
  }
  const label = host.name || ref;
  try {
    // Read first: the core knows whether the host leads (its agent's extension, its followers, or the leaders this
    // console made), and answers 'conflict' only when it is not known to.
    let token = await readToken(ctx, host);
    if (!token) {
      if (!(await makeLeader(ctx, host))) return;
      token = await readToken(ctx, host);
      if (!token) throw new HostFailure(label, 'it was made leader but has no token to show yet. Try again in a moment.', 'conflict');
    }
    if (ctx.json) {
      ctx.out.json({ hostId: host.id, name: host.name, ...token });
      return;
    }
    ctx.out.line(token.token);
    ctx.out.line(
      `${safe(label)}: ${token.remainingSec} s left of ${token.intervalSec} s${token.leaderAddress ? ` (leader ${safe(token.leaderAddress)})` : ''}`,
    );
  } catch (err) {
    ctx.failures.add(asHostFailure(label, err));
  }
}

/** The current token, or null when the host is not generating one (so it must be made leader first). */
async function readToken(ctx: CliContext, host: HostView) {
  try {
    return await ctx.session.call('link.token', { hostId: host.id });
  } catch (err) {
    // Only 'not generating' leads to making the host leader; any other refusal is reported, never acted on.
    if (err instanceof ConsoleError && err.code === 'conflict') return null;
    throw err;
  }
}

async function makeLeader(ctx: CliContext, host: HostView): Promise<boolean> {
  const [task] = await ctx.tasks.run(async () => [(await ctx.session.call('link.makeLeader', { hostId: host.id })).taskId]);
  if (task && task.state === 'succeeded') return true;
  for (const line of task ? taskFailureLines(task) : [`${host.name}: could not be made leader.`]) ctx.failures.add(line);
  return false;
}
