// zod compiles each object schema into a function on its first parse, which pays back over many parses; a command
// makes a handful, and spent 7 ms or more of its start compiling them (1 MiB upload, medians of 21). Imported before
// the core, whose schemas read the setting when they are made. A module of its own so that the import does not copy
// zod's whole namespace (esbuild does, for a dynamic import of a module from CommonJS output).
import { config } from 'zod';

config({ jitless: true });
