// Entry of `npm run cli -- ...`: the command line from its TypeScript source, for development. The `fieldlink`
// command itself runs the build (bin/fieldlink.mjs, start.ts).
import { runFieldlink } from './run';

runFieldlink(process.argv);
