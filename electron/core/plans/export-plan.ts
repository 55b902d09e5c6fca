// The live site written as a plan: one group per leader with the followers it lists. A plan names bundle files on
// this computer, which a host cannot tell; what each leader stores is written as a comment to fill in.
import type { HostView } from '../../../shared/contract';
import { cleanText } from '../util/text';
import type { StoredContent } from './host-content';
import { PLAN_VERSION } from './parse-plan';

export interface ExportInput {
  site: string | null;
  hosts: HostView[];
  /** The last upload each leader reports, by host id. */
  content: Map<string, StoredContent | null>;
  version: string;
  now: Date;
}

/**
 * Every host value goes through oneLine: printable, one line, bounded, so a hostile name cannot start a line of its
 * own (a comment ends at the line break) nor hide text behind escapes or bidi overrides. Names are already this
 * clean when the hosts are read, so a reference still finds its host.
 */
const oneLine = (text: string, max = 300) => cleanText(text, max) ?? '';
/** JSON strings are valid YAML scalars: quoting this way keeps any name safe in the file. */
const q = (text: string) => JSON.stringify(oneLine(text));

export function exportPlan(input: ExportInput): string {
  const { hosts } = input;
  const nameCount = new Map<string, number>();
  for (const h of hosts) nameCount.set(h.name.toLowerCase(), (nameCount.get(h.name.toLowerCase()) ?? 0) + 1);
  // The name reads best; the id when two hosts share a name.
  const refOf = (h: HostView) => (nameCount.get(h.name.toLowerCase()) === 1 && h.name ? h.name : h.id);
  const leaders = hosts.filter((h) => h.role === 'leader').sort((a, b) => a.name.localeCompare(b.name));
  const lines = [
    `# A Fieldlink site plan, exported from the live site by Fieldlink ${oneLine(input.version, 60)} on ${input.now.toISOString()}.`,
    '# Check it with `fieldlink plan FILE`; make a site match it with `fieldlink apply FILE` (docs/plans.md).',
    `version: ${PLAN_VERSION}`,
  ];
  if (input.site) lines.push(`site: ${q(input.site)}`);
  if (leaders.length === 0) {
    lines.push('groups: []', '# No host leads a group on this site yet: add groups, each with its leader and followers.');
  } else lines.push('groups:');
  for (const l of leaders) {
    const followers = hosts.filter((h) => h.role === 'follower' && h.leaderId === l.id).sort((a, b) => a.name.localeCompare(b.name));
    // Followers the leader lists that this console has not met yet are named by their address.
    const unknown = l.peers.filter((p) => p.role === 'follower' && !followers.some((f) => f.id === p.id));
    lines.push(`  - leader: ${q(refOf(l))}`);
    const refs = [...followers.map(refOf), ...unknown.map((p) => `${p.address}:${p.port}`)];
    lines.push(refs.length ? '    followers:' : '    followers: []');
    for (const ref of refs) lines.push(`      - ${q(ref)}`);
    const stored = input.content.get(l.id);
    if (stored) {
      lines.push(
        `    # ${oneLine(l.name)} stores ${oneLine(stored.displayName, 200)} (sha256 ${oneLine(stored.sha256, 64)}): add the path of that file here to keep it in the plan.`,
      );
      lines.push('    content: []');
    }
  }
  const alone = hosts.filter((h) => h.role === 'standalone' || h.role === 'unknown');
  if (alone.length) lines.push(`# Not in any group: ${alone.map((h) => oneLine(refOf(h))).join(', ')}.`);
  return `${lines.join('\n')}\n`;
}
