// Imported first by main.tsx. The bridge pulls in shared/contract.ts and with it zod, which probes `new Function`
// to compile faster parsers; under the desktop app's CSP (no 'unsafe-eval') that probe is reported as a violation.
// The renderer never parses with zod on a hot path, so it gives up the compiled parsers and the probe with them.
import { config } from 'zod';

config({ jitless: true });
