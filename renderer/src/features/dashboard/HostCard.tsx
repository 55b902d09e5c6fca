// One host's linking view. Reads only its own host from the store, so another host's update does not re-render it.
import { Paper } from '@mantine/core';
import { IconPinFilled } from '@tabler/icons-react';
import { memo, useState, type CSSProperties, type DragEvent, type KeyboardEvent, type MouseEvent } from 'react';
import { useApi } from '../../app/api-context';
import { AccessPanel, needsAttention } from '../credentials/AccessPanel';
import { dropLeader, isLeaderDrag, startLeaderDrag } from '../linking/drag-link';
import { FollowerPanel, LeaderPanel, StandalonePanel } from '../linking/RolePanels';
import { useSelectionStore } from '../linking/selection-store';
import { ActivityLine } from './ActivityLine';
import { OnlineDot, RoleBadge, StateBadge } from './badges';
import { useCardSlots } from './card-slots';
import { HostFacts } from './HostFacts';
import { AddressOrActivity, HealthTag, LastSeen } from './LiveFacts';
import { useViewStore } from './view-store';
import { HostMenu } from './HostMenu';
import { useHostsStore } from '../../entities/hosts/hosts-store';
import { currentVisibleIds } from './visible-hosts';

/** Arrow keys walk the cards in the order shown. */
function focusSibling(from: HTMLElement, step: number) {
  const cards = Array.from(document.querySelectorAll<HTMLElement>('[data-host-card]'));
  cards[cards.indexOf(from) + step]?.focus();
}

export function toggleWithShift(hostId: string, shift: boolean) {
  const sel = useSelectionStore.getState();
  if (shift) sel.selectRange(hostId, currentVisibleIds());
  else sel.toggle(hostId);
}

export const HostCard = memo(function HostCard({ hostId, style }: { hostId: string; style?: CSSProperties }) {
  const api = useApi();
  const host = useHostsStore((s) => s.byId[hostId]);
  const selected = useSelectionStore((s) => s.selected[hostId] === true);
  const [menuOpened, setMenuOpened] = useState(false);
  const [dropping, setDropping] = useState(false);
  const compact = useViewStore((s) => s.density === 'compact');
  const { Footer, DropTarget } = useCardSlots();
  if (!host) return null;

  const name = host.name || host.id;
  const isLeader = host.role === 'leader';
  const acceptsLeader = !isLeader;
  // A standalone host can be dragged too: dropping it makes it the leader as part of the link.
  const draggable = isLeader || (host.role === 'standalone' && host.access === 'ok' && host.online);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.target !== e.currentTarget) return;
    if (e.key === 'Enter') {
      e.preventDefault();
      setMenuOpened(true);
    } else if (e.key === ' ') {
      e.preventDefault();
      toggleWithShift(hostId, e.shiftKey);
    } else if (e.key === 'ArrowRight' || e.key === 'ArrowDown') {
      e.preventDefault();
      focusSibling(e.currentTarget, 1);
    } else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') {
      e.preventDefault();
      focusSibling(e.currentTarget, -1);
    }
  };
  const onDragOver = (e: DragEvent) => {
    if (!acceptsLeader || !isLeaderDrag(e)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'link';
    if (!dropping) setDropping(true);
  };
  const onDrop = (e: DragEvent) => {
    setDropping(false);
    if (!acceptsLeader || !isLeaderDrag(e)) return;
    e.preventDefault();
    dropLeader(api, e, hostId);
  };

  const body = needsAttention(host) ? (
    <AccessPanel host={host} />
  ) : isLeader ? (
    <LeaderPanel host={host} />
  ) : host.role === 'follower' ? (
    <FollowerPanel host={host} compact={compact} />
  ) : host.role === 'standalone' ? (
    <StandalonePanel host={host} compact={compact} />
  ) : (
    <span className="fl-sm fl-dim">Reading this host's link state…</span>
  );

  const content = (
    <>
      <div className="fl-row">
        <input
          type="checkbox"
          className="fl-check"
          checked={selected}
          onChange={() => undefined}
          onClick={(e: MouseEvent<HTMLInputElement>) => toggleWithShift(hostId, e.shiftKey)}
          aria-label={`Select ${name}`}
        />
        {host.pinned && <IconPinFilled size={14} aria-label="Pinned" />}
        <span className="fl-name fl-truncate fl-grow" title={name}>
          {name}
        </span>
        <RoleBadge role={host.role} />
        <HostMenu host={host} opened={menuOpened} onChange={setMenuOpened} />
      </div>
      <div className="fl-row">
        <OnlineDot online={host.online} />
        <StateBadge state={host.state} />
        <HealthTag health={host.health} />
        {host.credentialOverride && <span className="fl-xs fl-dim">own credentials</span>}
        {compact && (
          <span className="fl-xs fl-dim fl-seen">
            seen <LastSeen iso={host.lastSeen} online={host.online} />
          </span>
        )}
      </div>
      {compact ? <AddressOrActivity host={host} /> : <HostFacts host={host} />}
      <div className="fl-card-body">{body}</div>
      {!compact && <ActivityLine hostId={hostId} />}
      {Footer && <Footer hostId={hostId} />}
    </>
  );

  return (
    <Paper
      withBorder
      radius="md"
      // Compact cards are the dense default (any 10-host site on one 1440x900 screen): 8 px padding, not 12.
      p={compact ? 8 : 'sm'}
      className="fl-card"
      tabIndex={0}
      role="group"
      aria-label={`${name}, ${host.role}${host.state ? `, ${host.state}` : ''}${host.online ? '' : ', offline'}`}
      data-host-card={hostId}
      data-selected={selected || undefined}
      data-drop={dropping || undefined}
      data-density={compact ? 'compact' : 'detailed'}
      data-role={host.role}
      style={style}
      onKeyDown={onKeyDown}
      draggable={draggable}
      onDragStart={draggable ? (e: DragEvent) => e.target === e.currentTarget && startLeaderDrag(e, hostId) : undefined}
      onDragOver={onDragOver}
      onDragLeave={(e: DragEvent) => !e.currentTarget.contains(e.relatedTarget as Node | null) && setDropping(false)}
      onDrop={onDrop}
    >
      {DropTarget ? <DropTarget hostId={hostId}>{content}</DropTarget> : content}
    </Paper>
  );
});
