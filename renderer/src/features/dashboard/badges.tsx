// Small status tags. Plain spans coloured from Mantine's CSS variables: a card shows three of them, a site hundreds
// of cards, and a full Badge component per tag is measurably slower to render.
import type { CSSProperties, ReactNode } from 'react';
import type { HostRole } from '../../../../shared/contract';

type Variant = 'filled' | 'light' | 'outline' | 'dot';

export function Tag({ color, variant = 'light', children, title }: { color: string; variant?: Variant; children: ReactNode; title?: string }) {
  const c = `var(--mantine-color-${color}`;
  const style = {
    '--fl-tag-bg': variant === 'filled' ? `${c}-filled)` : variant === 'light' ? `${c}-light)` : 'transparent',
    // The colour is in the background or the border; the text keeps the page's text colour: Mantine's "-light-color"
    // failed the 4.5:1 contrast check at this size (axe).
    '--fl-tag-fg': variant === 'filled' ? undefined : 'var(--mantine-color-text)',
    '--fl-tag-border': variant === 'outline' ? `${c}-outline)` : variant === 'dot' ? 'var(--mantine-color-default-border)' : undefined,
    '--fl-tag-dot': `${c}-filled)`,
  } as CSSProperties;
  return (
    <span className="fl-tag" data-variant={variant} style={style} title={title}>
      {variant === 'dot' && <span className="fl-dot" aria-hidden />}
      {children}
    </span>
  );
}

const roleColor: Record<HostRole, string> = { leader: 'violet', follower: 'teal', standalone: 'gray', unknown: 'dark' };

/**
 * No tag while the role is not read (the card's panel says why: credentials, a certificate, no answer): "unknown"
 * beside an address read as an unknown host, and a longer word cut the address that names the card.
 */
export function RoleBadge({ role }: { role: HostRole }) {
  if (role === 'unknown') return null;
  return (
    <Tag color={roleColor[role]} variant={role === 'leader' ? 'filled' : 'light'}>
      {role}
    </Tag>
  );
}

/** Ready / In-Use, as the Local UI names them; anything else the host reports is shown as it came. */
export function StateBadge({ state }: { state: string | null }) {
  if (!state) return null;
  const color = state === 'Ready' ? 'green' : state === 'In-Use' ? 'orange' : 'gray';
  return (
    <Tag color={color} variant="outline">
      {state}
    </Tag>
  );
}

export function OnlineDot({ online }: { online: boolean }) {
  return (
    <Tag color={online ? 'green' : 'red'} variant="dot">
      {online ? 'online' : 'offline'}
    </Tag>
  );
}
