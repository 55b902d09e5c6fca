// Which interfaces mDNS browses on. 'all' means every non-internal IPv4 interface; loopback can be chosen
// explicitly (tests and demos pin discovery to 127.0.0.1 so nothing leaves the machine).
import os from 'node:os';
import type { NetworkInterfaceView } from '../../../shared/contract';

export function listInterfaces(selection: 'all' | string[]): NetworkInterfaceView[] {
  const out: NetworkInterfaceView[] = [];
  for (const [name, addrs] of Object.entries(os.networkInterfaces())) {
    for (const a of addrs ?? []) {
      if (a.family !== 'IPv4') continue;
      const selected = selection === 'all' ? !a.internal : selection.includes(a.address);
      out.push({ name, address: a.address, selected, internal: a.internal });
    }
  }
  return out;
}

/** The addresses to browse on, and the chosen ones that do not exist on this computer. */
export function resolveSelection(selection: 'all' | string[]): { addresses: string[]; missing: string[] } {
  const present = listInterfaces(selection);
  if (selection === 'all') return { addresses: present.filter((i) => i.selected).map((i) => i.address), missing: [] };
  const known = new Set(present.map((i) => i.address));
  return { addresses: selection.filter((a) => known.has(a)), missing: selection.filter((a) => !known.has(a)) };
}
