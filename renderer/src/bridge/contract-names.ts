// The command and event names of shared/contract.ts, for the page's first bundle. Importing the contract's values
// would evaluate zod and build every command's input schema at startup, about a third of the bundle, for schemas the
// renderer never parses with (the core checks every input). Keeping zod out of the page also keeps out its
// `new Function` probe, which the desktop app's CSP (no 'unsafe-eval') reports as a violation. The type checks below
// fail when the contract gains, loses or renames a name, so the lists cannot drift; contract-names.test.ts compares
// them with the contract too.
import type { CommandName, Envelope, EventName } from '../../../shared/contract';
import { ConsoleError } from '../../../shared/errors';

export const commandNames = [
  'app.info',
  'sites.list',
  'sites.switch',
  'sites.networks',
  'sites.keepNetworks',
  'hosts.list',
  'hosts.get',
  'hosts.add',
  'hosts.forget',
  'hosts.forgetStale',
  'hosts.pin',
  'hosts.refresh',
  'discovery.rescan',
  'discovery.probe',
  'discovery.interfaces',
  'settings.get',
  'settings.set',
  'credentials.status',
  'credentials.setSite',
  'credentials.setHost',
  'credentials.clearHost',
  'certificates.trust',
  'certificates.trustMany',
  'link.makeLeader',
  'link.token',
  'link.preflight',
  'link.followers',
  'link.withToken',
  'link.validate',
  'link.unlink',
  'link.stopToken',
  'link.unlinkMany',
  'link.dissolve',
  'uploads.check',
  'uploads.start',
  'plan.check',
  'plan.apply',
  'plan.result',
  'plan.export',
  'report.export',
  'report.savePdf',
  'log.list',
  'tasks.list',
  'tasks.cancel',
  'tasks.retry',
  'tasks.clearFinished',
] as const satisfies readonly CommandName[];

const eventNames = [
  'hosts.changed',
  'tasks.changed',
  'tasks.ended',
  'discovery.problem',
  'settings.changed',
  'site.changed',
] as const satisfies readonly EventName[];

// Compile-time: every contract name is listed (the `satisfies` above already rejects names the contract lacks).
type Unlisted<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : { unlisted: Exclude<All, Listed> };
const allCommandsListed: Unlisted<CommandName, (typeof commandNames)[number]> = true;
const allEventsListed: Unlisted<EventName, (typeof eventNames)[number]> = true;
void allCommandsListed; // only the type check above matters
void allEventsListed; // only the type check above matters

const eventSet: ReadonlySet<string> = new Set(eventNames);

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && eventSet.has(name);
}

/** The answer's data, or its error thrown as a ConsoleError: shared/dispatch.ts's unwrap, without the contract's schemas. */
export function unwrap<T>(envelope: Envelope<T>): T {
  if (envelope.ok) return envelope.data;
  throw ConsoleError.fromInfo(envelope.error);
}
