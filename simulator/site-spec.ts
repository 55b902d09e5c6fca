// Site files let a test or a technician describe hosts that differ from the defaults; this checks them and says
// exactly which entry and field is wrong.
import { readFile } from 'node:fs/promises';
import { z } from 'zod';

/** One entry of a site file (`--site FILE`, or `site` in startSite): how a host differs from the defaults. */
export const siteHostSpecSchema = z.strictObject({
  name: z
    .string()
    .regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/, 'a host name is 1-63 letters, digits or hyphens, not starting or ending with a hyphen')
    .optional(),
  mode: z.enum(['appliance', 'agent']).optional(),
  os: z.strictObject({ family: z.string().min(1), version: z.string().min(1) }).optional(),
  state: z.enum(['Ready', 'In-Use']).optional(),
  multiNode: z.boolean().optional(),
  managementMode: z.enum(['local', 'central']).optional(),
  agentVersion: z.string().min(1).optional(),
});

const uniqueNames = (hosts: z.infer<typeof siteHostSpecSchema>[]) => {
  const names = hosts.map((h) => h.name?.toLowerCase()).filter((n): n is string => !!n);
  return new Set(names).size === names.length;
};

/** A site file is an array of host entries, or `{ "hosts": [...] }`. */
export const siteFileSchema = z
  // Both forms are checked as the object form, so errors name the entry and field (hosts[1].mode).
  .preprocess((value) => (Array.isArray(value) ? { hosts: value } : value), z.strictObject({ hosts: z.array(siteHostSpecSchema) }))
  .transform((value) => value.hosts)
  .refine(uniqueNames, 'host names must be unique within a site');

export type SiteFileHost = z.infer<typeof siteHostSpecSchema>;

/** Reads and checks a site file, with an error that says what is wrong and where. */
export async function readSiteFile(file: string): Promise<SiteFileHost[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new Error(`cannot read the site file ${file}: ${(err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`the site file ${file} is not valid JSON: ${(err as Error).message}`);
  }
  const parsed = siteFileSchema.safeParse(json);
  if (!parsed.success) throw new Error(`the site file ${file} is not a valid site description:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
