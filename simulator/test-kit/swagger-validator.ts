// Conformance is checked on every answer of every test, against the project's copy of the published spec.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { PEER_PREFIX } from '../host/peer-paths';

/** The project's copy of the published spec (reference/README.md says where it comes from); runtime code never reads it. */
const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SPEC_FILE = path.join(PROJECT_ROOT, 'reference/palette-local-api.swagger.json');

type Schema = Record<string, unknown>;
interface Operation {
  responses?: Record<string, { schema?: Schema }>;
}
interface Spec {
  paths: Record<string, Record<string, Operation>>;
  definitions: Record<string, Schema>;
}

export interface SpecOperation {
  method: string;
  path: string;
}

/**
 * Responses of the simulator's documented extensions (local-api-notes.md, "Token state and stop"), which the spec
 * does not have: a definition name, or a schema of its own. Host-to-host paths under /v1/sim/peer/ are internal
 * and never checked.
 */
const LINK_TOKEN_STATE: Schema = {
  oneOf: [
    { type: 'object', properties: { generating: { const: false } }, required: ['generating'], additionalProperties: false },
    {
      type: 'object',
      properties: { generating: { const: true }, token: { type: 'string' }, interval: { type: 'integer' }, remainingTime: { type: 'integer' } },
      required: ['generating', 'token', 'interval', 'remainingTime'],
      additionalProperties: false,
    },
  ],
};
const EXTENSIONS: Record<string, Record<string, Record<string, string | Schema>>> = {
  '/v1/edge-mgmt/edgehosts/current/link/token': {
    get: { '200': LINK_TOKEN_STATE },
    delete: { '200': 'v1AcceptedResponseWithMessage' },
  },
};

/**
 * Checks response bodies against the definition the spec names for a path, method and status. Stricter than the
 * spec on purpose: an object may only carry the properties its definition lists (so a wrong capitalisation fails),
 * and enums are enforced. Error statuses the spec does not list must be a v1Error (project decision), and every
 * error body is also checked as a v1Error.
 */
export class SwaggerValidator {
  private readonly ajv: Ajv;
  private readonly spec: Spec;
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly templates: { path: string; regex: RegExp; literal: number }[];

  constructor(specFile = SPEC_FILE) {
    this.spec = JSON.parse(readFileSync(specFile, 'utf8')) as Spec;
    this.ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
    addFormats(this.ajv);
    for (const name of ['int32', 'int64']) this.ajv.addFormat(name, { type: 'number', validate: (n: number) => Number.isInteger(n) });
    for (const name of ['float', 'double']) this.ajv.addFormat(name, { type: 'number', validate: () => true });
    for (const name of ['password', 'binary']) this.ajv.addFormat(name, () => true);
    this.ajv.addSchema({ $id: 'spec', definitions: strictify(structuredClone(this.spec.definitions)) });
    this.templates = Object.keys(this.spec.paths)
      .map((p) => ({
        path: p,
        regex: new RegExp(`^${p.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\w+\}/g, '[^/]+')}$`),
        literal: p.replace(/\{\w+\}/g, '').length,
      }))
      .sort((a, b) => b.literal - a.literal);
  }

  operations(): SpecOperation[] {
    return Object.entries(this.spec.paths).flatMap(([p, ops]) =>
      Object.keys(ops)
        .filter((m) => m !== 'parameters')
        .map((m) => ({ method: m.toUpperCase(), path: p })),
    );
  }

  /** Returns what is wrong with a response (empty when it conforms). */
  check(method: string, url: string, status: number, body: unknown): string[] {
    const urlPath = url.split('?')[0] ?? url;
    if (urlPath.startsWith(PEER_PREFIX)) return [];
    const m = method.toLowerCase();
    const problems: string[] = [];
    const schemaRef = this.schemaFor(m, urlPath, status);
    if (schemaRef === undefined) {
      problems.push(`the spec documents no ${status} answer for ${method} ${urlPath}`);
    } else if (schemaRef !== null) {
      problems.push(...this.validate(schemaRef, body, `${method} ${urlPath} ${status}`));
    }
    if (status >= 400) problems.push(...this.validate({ $ref: 'spec#/definitions/v1Error' }, body, `${method} ${urlPath} ${status} as v1Error`));
    return problems;
  }

  /** The definition a named schema resolves to, for tests of the validator itself. */
  checkDefinition(name: string, body: unknown): string[] {
    return this.validate({ $ref: `spec#/definitions/${name}` }, body, name);
  }

  /**
   * undefined = status not documented; null = documented without a body schema; else the schema to apply.
   */
  private schemaFor(method: string, urlPath: string, status: number): Schema | null | undefined {
    const extension = EXTENSIONS[urlPath]?.[method];
    if (extension) {
      const answer = extension[String(status)];
      if (typeof answer === 'string') return { $ref: `spec#/definitions/${answer}` };
      if (answer) return answer;
      return status >= 400 ? null : undefined;
    }
    const template = this.templates.find((t) => t.regex.test(urlPath) && this.spec.paths[t.path]?.[method]);
    if (!template) return status >= 400 ? null : undefined;
    const response = this.spec.paths[template.path]?.[method]?.responses?.[String(status)];
    if (!response) return status >= 400 ? null : undefined;
    return response.schema ? rewriteRefs(structuredClone(response.schema)) : null;
  }

  private validate(schema: Schema, body: unknown, label: string): string[] {
    const key = JSON.stringify(schema);
    let fn = this.compiled.get(key);
    if (!fn) {
      fn = this.ajv.compile(schema);
      this.compiled.set(key, fn);
    }
    if (fn(body)) return [];
    return (fn.errors ?? []).map((e) => `${label}: ${e.instancePath || '(body)'} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`);
  }
}

/** Every object with listed properties accepts only those (unless it says otherwise); `file` is not a JSON type. */
function strictify(node: unknown): Schema {
  if (Array.isArray(node)) return node.map(strictify) as unknown as Schema;
  if (!node || typeof node !== 'object') return node as Schema;
  const schema = node as Schema;
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'properties' && value && typeof value === 'object') {
      for (const [prop, sub] of Object.entries(value)) (value as Schema)[prop] = strictify(sub);
    } else if (typeof value === 'object') {
      schema[key] = strictify(value);
    }
  }
  if (schema.type === 'file') delete schema.type;
  if (schema.properties && schema.additionalProperties === undefined) schema.additionalProperties = false;
  rewriteRefs(schema);
  return schema;
}

function rewriteRefs(schema: Schema): Schema {
  const visit = (node: unknown) => {
    if (!node || typeof node !== 'object') return;
    const obj = node as Schema;
    if (typeof obj.$ref === 'string' && obj.$ref.startsWith('#/definitions/')) obj.$ref = `spec${obj.$ref}`;
    for (const value of Object.values(obj)) visit(value);
  };
  visit(schema);
  return schema;
}
