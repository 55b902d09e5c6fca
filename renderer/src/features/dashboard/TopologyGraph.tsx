// The site as a graph (@xyflow/react): every group leader -> followers across the full width, edges coloured by link
// state and labelled with content sync, pan and zoom, and drops of a leader (its token or card) on a node link it.
// Loaded on demand (React.lazy in SiteView): the graph library stays out of the first bundle.
import '@xyflow/react/dist/style.css';
import { Background, Controls, Handle, Position, ReactFlow, type Edge, type Node, type NodeProps } from '@xyflow/react';
import { memo, useMemo, useState, type DragEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { HostView } from '../../../../shared/contract';
import { useApi } from '../../app/api-context';
import { linkWord, syncWord, type LinkTone } from '../../lib/link-words';
import { useSettingsStore } from '../../entities/settings/settings-store';
import { dropLeader, isLeaderDrag, startLeaderDrag } from '../linking/drag-link';
import { accessWord } from './access-words';
import { useHostsStore } from '../../entities/hosts/hosts-store';
import { layoutTopology, NODE } from './topology-layout';
import type { Section } from './visible-hosts';

type HostNodeData = { hostId: string };

function statusColor(h: HostView): string {
  if (!h.online) return 'red';
  if (h.access !== 'ok') return 'orange';
  if (h.health === 'Unhealthy') return 'yellow';
  return 'green';
}

/** One host as a node: name, role and state in words; a leader can be dragged onto hosts to link them. */
const HostNode = memo(function HostNode({ data }: NodeProps<Node<HostNodeData>>) {
  const api = useApi();
  const host = useHostsStore((s) => s.byId[data.hostId]);
  const [over, setOver] = useState(false);
  if (!host) return null;
  const name = host.name || host.id;
  const state = host.online ? (host.access === 'ok' ? (host.state ?? 'online') : accessWord(host.access)) : 'offline';
  const canLead = host.role === 'leader' || (host.role === 'standalone' && host.access === 'ok' && host.online);
  const onDragOver = (e: DragEvent) => {
    if (host.role === 'leader' || !isLeaderDrag(e)) return;
    e.preventDefault();
    setOver(true);
  };
  const onDrop = (e: DragEvent) => {
    setOver(false);
    if (host.role === 'leader' || !isLeaderDrag(e)) return;
    e.preventDefault();
    dropLeader(api, e, host.id);
  };
  return (
    <div
      className="fl-graph-node nodrag"
      data-drop={over || undefined}
      data-role={host.role}
      style={{ width: NODE.width, height: NODE.height, borderLeftColor: `var(--mantine-color-${statusColor(host)}-6)` }}
      draggable={canLead}
      onDragStart={canLead ? (e) => startLeaderDrag(e, host.id) : undefined}
      onDragOver={onDragOver}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      title={`${name}: ${host.role}, ${state}`}
    >
      <Handle type="target" position={Position.Top} isConnectable={false} />
      <span className="fl-sm fl-strong fl-truncate">{name}</span>
      <span className="fl-xs fl-dim fl-truncate">
        {host.role} · {state}
      </span>
      <Handle type="source" position={Position.Bottom} isConnectable={false} />
    </div>
  );
});

const nodeTypes = { host: HostNode };
const toneStroke: Record<LinkTone, string> = {
  done: 'var(--mantine-color-teal-6)',
  active: 'var(--mantine-color-blue-6)',
  waiting: 'var(--mantine-color-gray-6)',
  failed: 'var(--mantine-color-red-6)',
  unknown: 'var(--mantine-color-teal-6)',
};

/** Edge states as one string per follower, so the edges are rebuilt only when a link or sync state changes. */
function useEdgeStates(sections: Section[]): string[] {
  return useHostsStore(
    useShallow((s) =>
      sections.flatMap((sec) => {
        const leader = sec.leaderId ? s.byId[sec.leaderId] : undefined;
        if (!leader) return [];
        return sec.ids.slice(1).map((id) => {
          const peer = leader.peers.find((p) => p.id === id);
          return `${id}\t${peer?.status ?? s.byId[id]?.linkStatus ?? ''}\t${peer?.contentSyncStatus ?? ''}`;
        });
      }),
    ),
  );
}

export default function TopologyGraph({ sections }: { sections: Section[] }) {
  const theme = useSettingsStore((s) => s.settings?.theme ?? 'auto');
  const placed = useMemo(() => layoutTopology(sections), [sections]);
  const edgeStates = useEdgeStates(sections);
  const nodes = useMemo<Node<HostNodeData>[]>(
    () => placed.map((p) => ({ id: p.id, type: 'host', position: { x: p.x, y: p.y }, data: { hostId: p.id }, draggable: false, connectable: false })),
    [placed],
  );
  const edges = useMemo<Edge[]>(() => {
    const state = new Map(edgeStates.map((line) => [line.split('\t')[0]!, line.split('\t')]));
    return placed
      .filter((p) => p.leaderId)
      .map((p) => {
        const [, linkRaw, syncRaw] = state.get(p.id) ?? [];
        const link = linkWord(linkRaw || null) ?? { text: 'linked', tone: 'done' as const };
        const sync = syncWord(syncRaw || null);
        const busy = link.tone === 'active' || sync?.tone === 'active';
        return {
          id: `${p.leaderId}->${p.id}`,
          source: p.leaderId!,
          target: p.id,
          animated: busy,
          // The sync word only while it says something the colour does not (syncing, failed).
          label: sync && sync.tone !== 'done' ? sync.text : undefined,
          ariaLabel: `${link.text}${sync ? `, ${sync.text}` : ''}`,
          style: { stroke: sync?.tone === 'failed' ? toneStroke.failed : toneStroke[link.tone], strokeWidth: 1.5 },
        };
      });
  }, [placed, edgeStates]);
  return (
    <div className="fl-graph" role="region" aria-label="Topology graph">
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        fitView
        fitViewOptions={{ padding: 0.05 }}
        minZoom={0.1}
        maxZoom={2}
        nodesDraggable={false}
        nodesConnectable={false}
        colorMode={theme === 'auto' ? 'system' : theme}
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={24} />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
