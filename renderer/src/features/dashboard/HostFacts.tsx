import type { HostView } from '../../../../shared/contract';
import { type ReactNode } from 'react';
import { healthText, LastSeen } from './LiveFacts';

function Fact({ term, value }: { term: string; value: string | ReactNode }) {
  return (
    <>
      <dt>{term}</dt>
      <dd title={typeof value === 'string' ? value : undefined}>{value}</dd>
    </>
  );
}

/** The host's identity and health, like the header of its Local UI page. Values are untrusted text: plain text only. */
export function HostFacts({ host }: { host: HostView }) {
  return (
    <dl className="fl-facts" aria-label={`Details of ${host.name || host.id}`}>
      {/* The core keys a host by its address until the host itself confirms its id over a trusted login. */}
      <Fact term="ID" value={host.id === `${host.address}:${host.port}` ? 'not confirmed yet' : host.id} />
      <Fact term="Address" value={`${host.address}:${host.port}`} />
      <Fact term="Mode" value={host.mode ?? '—'} />
      <Fact term="OS" value={host.os ?? '—'} />
      <Fact term="Agent" value={host.agentVersion ?? '—'} />
      <Fact term="Health" value={healthText(host.health)} />
      <Fact term="Found by" value={host.sources.join(', ') || '—'} />
      <Fact term="Last seen" value={<LastSeen iso={host.lastSeen} online={host.online} />} />
    </dl>
  );
}
