import { mkdtemp } from 'node:fs/promises';
import { startSite } from './simulator/site';
const dataDir = await mkdtemp('/dev/shm/h11-sim-');
const site = await startSite({ hosts: 1, mdnsInterface: false, user: 'kairos', password: 'kairos', dataDir });
const h = site.hosts[0]!;
process.stdout.write(`${h.address}:${h.port} ${dataDir}\n`);
process.on('SIGTERM', () => void site.stop().then(() => process.exit(0))); // reason: scratch script
