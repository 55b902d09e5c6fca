// An interface that keeps failing would otherwise raise the same warning on every re-query.
import { notifications } from '@mantine/notifications';

const lastShown = new Map<string, number>();
const QUIET_MS = 5 * 60_000;

export function notifyDiscoveryProblem(iface: string, message: string, now = Date.now()): void {
  const key = `${iface}\n${message}`;
  const last = lastShown.get(key);
  if (last !== undefined && now - last < QUIET_MS) return;
  lastShown.set(key, now);
  notifications.show({ color: 'yellow', title: `Discovery on ${iface}`, message, autoClose: 10_000 });
}

export function resetDiscoveryProblems(): void {
  lastShown.clear();
}
