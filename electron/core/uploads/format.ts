// The one size formatter lives in shared/units.ts so the core, the CLI and the UI write sizes alike.
export { formatBytes } from '../../../shared/units';
