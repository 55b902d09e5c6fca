// The body of a card for each role: what the Local UI's Linked Edge Hosts page offers on that host.
import { ActionIcon, Button, Tooltip } from '@mantine/core';
import { IconClipboardText, IconCopy, IconCrown, IconLink, IconPlayerStop, IconUnlink, IconUsersMinus } from '@tabler/icons-react';
import type { HostView } from '../../../../shared/contract';
import { useApi } from '../../app/api-context';
import { openDialog } from '../../ui/dialog-store';
import { useHostsStore } from '../../entities/hosts/hosts-store';
import { linkWord } from '../../lib/link-words';
import { dissolveGroup, makeLeader, stopToken, unlink } from './actions';
import { copyToken } from './copy-token';
import { GroupBar } from './GroupBar';
import { pickLeaderFor } from './link-flow-store';
import { PeersTable } from './PeersTable';
import { TokenRing } from './TokenRing';

export function LeaderPanel({ host }: { host: HostView }) {
  const api = useApi();
  const name = host.name || host.id;
  const token = host.token;
  return (
    <div className="fl-col">
      <div className="fl-row fl-between">
        {token?.generating && token.support === 'ok' ? (
          <TokenRing leaderId={host.id} leaderName={name} token={token} />
        ) : (
          <span className="fl-xs fl-dim" style={{ maxWidth: 170 }}>
            {token?.support === 'unsupported' ? 'This agent does not report its token timer; its Local UI shows it.' : 'Not generating tokens.'}
          </span>
        )}
        <Button
          size="compact-sm"
          variant="light"
          leftSection={<IconCopy size={14} />}
          onClick={() => void copyToken(api, host.id, name) /* notifies its own failure */}
          aria-label={`Copy token of ${name}`}
        >
          Copy
        </Button>
      </div>
      <GroupBar peers={host.peers} />
      <div className="fl-row">
        {host.peers.length > 0 && (
          <Button
            className="fl-grow"
            size="compact-xs"
            variant="subtle"
            color="red"
            leftSection={<IconUsersMinus size={12} />}
            onClick={() => void dissolveGroup(api, host.id) /* notifies its own failure */}
            aria-label={`Dissolve group of ${name}`}
          >
            Dissolve
          </Button>
        )}
        {/* Red, as on the Local UI: it ends this host's leadership. */}
        <Button
          className="fl-grow"
          size="compact-xs"
          variant="light"
          color="red"
          leftSection={<IconPlayerStop size={12} />}
          onClick={() => void stopToken(api, host.id) /* notifies its own failure */}
          aria-label={`Stop token generation on ${name}`}
        >
          Stop token
        </Button>
      </div>
      <span className="fl-heading">Linked Edge Hosts ({host.peers.length})</span>
      <PeersTable leader={host} />
    </div>
  );
}

export function FollowerPanel({ host, compact = false }: { host: HostView; compact?: boolean }) {
  const api = useApi();
  // Strings, not the leader's view: the leader changes every few seconds (its token) and this card need not follow.
  const leaderName = useHostsStore((s) => {
    const l = host.leaderId ? s.byId[host.leaderId] : undefined;
    return l ? l.name || l.id : (host.leaderId ?? 'unknown');
  });
  const leaderAddress = useHostsStore((s) => {
    const l = host.leaderId ? s.byId[host.leaderId] : undefined;
    return l ? `${l.address}:${l.port}` : null;
  });
  const name = host.name || host.id;
  return (
    <div className="fl-col">
      <div className="fl-row fl-between">
        <div className="fl-col fl-grow" style={{ gap: 0 }}>
          <span className="fl-xs fl-dim">Linked to leader</span>
          <span className="fl-sm fl-strong fl-truncate" title={leaderName}>
            {leaderName}
          </span>
          {leaderAddress && !compact && <span className="fl-xs fl-dim fl-tabular">{leaderAddress}</span>}
        </div>
        <Button
          size="compact-sm"
          variant="light"
          color="red"
          leftSection={<IconUnlink size={14} />}
          onClick={() => void unlink(api, host.id, false, name, host.leaderId) /* notifies its own failure */}
          aria-label={`Unlink ${name}`}
        >
          Unlink
        </Button>
      </div>
      {linkWord(host.linkStatus) && (
        <span className="fl-xs" data-tone={linkWord(host.linkStatus)?.tone}>
          Link: <b>{linkWord(host.linkStatus)?.text}</b>
        </span>
      )}
      {host.linkError && (
        <span className="fl-xs fl-error fl-clamp-2" role="status" title={host.linkError}>
          {host.linkError}
        </span>
      )}
    </div>
  );
}

/** After a stop this host's API could not make: shown as not leading, though only its Local UI can tell. */
function stopNote(url: string): string {
  return `Fieldlink cannot see whether token generation stopped (this host's API has no call for it): stop it in its Local UI at ${url} if you have not.`;
}

export function StandalonePanel({ host, compact = false }: { host: HostView; compact?: boolean }) {
  const api = useApi();
  const name = host.name || host.id;
  return (
    <div className="fl-col">
      {!compact && (
        <span className="fl-xs fl-dim">Not linked. Make it the leader of a group, or link it to a leader: drop a leader's token here, or paste a token.</span>
      )}
      <div className="fl-row">
        <Button
          className="fl-grow"
          size="compact-sm"
          leftSection={<IconCrown size={14} />}
          onClick={() => void makeLeader(api, host.id) /* notifies its own failure */}
          aria-label={`Make leader (Generate token): ${name}`}
        >
          {compact ? 'Make leader' : 'Make leader (Generate token)'}
        </Button>
        <Button
          // On a compact card "Make leader" takes the room it needs; "Link…" keeps its own width.
          className={compact ? undefined : 'fl-grow'}
          size="compact-sm"
          variant="light"
          leftSection={<IconLink size={14} />}
          onClick={() => pickLeaderFor([host.id])}
          aria-label={`Link to leader: ${name}`}
        >
          {compact ? 'Link…' : 'Link to leader…'}
        </Button>
        {compact && (
          <Tooltip label="Link this device to another: paste a token">
            <ActionIcon
              variant="default"
              onClick={() => openDialog({ kind: 'link-with-token', hostId: host.id })}
              aria-label={`Link this device to another: ${name}`}
            >
              <IconClipboardText size={16} />
            </ActionIcon>
          </Tooltip>
        )}
      </div>
      {!compact && (
        <Button
          size="compact-sm"
          variant="default"
          onClick={() => openDialog({ kind: 'link-with-token', hostId: host.id })}
          aria-label={`Link this device to another: ${name}`}
        >
          Link this device to another
        </Button>
      )}
      {host.token?.stopUnconfirmed && (
        <span className="fl-xs fl-warn fl-clamp-2" role="status" title={stopNote(host.url)}>
          {stopNote(host.url)}
        </span>
      )}
      {host.linkError && (
        <span className="fl-xs fl-error fl-clamp-2" title={host.linkError}>
          {host.linkError}
        </span>
      )}
    </div>
  );
}
