// Reads what the report and the exported plan need from the live site: every host re-read now (so link, health and
// sync are current), and the last upload each leader or host on its own reports.
import type { HostView } from '../../../shared/contract';
import type { CoreContext } from '../context';
import { storedContent, type StoredContent } from '../plans/host-content';
import { forEachLimited } from '../util/limit';

export interface SiteSnapshot {
  hosts: HostView[];
  content: Map<string, StoredContent | null>;
}

const READ_CONCURRENCY = 8;

export async function gatherSite(ctx: CoreContext, signal?: AbortSignal): Promise<SiteSnapshot> {
  const listed = ctx.hosts.list();
  const hosts: HostView[] = [];
  await forEachLimited(
    listed,
    READ_CONCURRENCY,
    // Every host is read now: in a fresh core (the CLI) nothing has been read yet, and a report must be current.
    async (h) => void hosts.push(await ctx.hosts.refresh(h.id, signal).catch(() => h)),
    signal,
  );
  const content = new Map<string, StoredContent | null>();
  // Followers hold what their leader synced to them: the leader's word is the one to report.
  const holders = hosts.filter((h) => h.online && h.access === 'ok' && h.role !== 'follower');
  await forEachLimited(holders, READ_CONCURRENCY, async (h) => void content.set(h.id, await storedContent(ctx, h.id, signal)), signal);
  return { hosts, content };
}
