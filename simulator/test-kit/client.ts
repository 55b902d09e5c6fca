// Every simulator test talks to hosts through this client, which pins certificates and holds each answer to the spec.
import https from 'node:https';
import type { PeerCertificate } from 'node:tls';
import got, { type Method } from 'got';
import { paths, type V1LoginSuccess } from '../../shared/local-api/types';
import type { SiteHost } from '../site';
import { SwaggerValidator } from './swagger-validator';

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Record<string, string | string[] | undefined>;
  rawBody: string;
}

export interface RequestOptions {
  json?: unknown;
  /** Raw body with its content type (malformed JSON, wrong types...). */
  raw?: { body: string | Buffer; contentType: string };
  form?: FormData;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  /** Send the session token (default true when logged in). */
  auth?: boolean;
  timeoutMs?: number;
}

/**
 * No keep-alive: tests take hosts down and up, and a pooled socket the client has not yet seen closed would turn
 * "connection refused" into "socket hang up" at random.
 */
const agent = new https.Agent({ keepAlive: false });

let sharedValidator: SwaggerValidator | null = null;
export function validator(): SwaggerValidator {
  return (sharedValidator ??= new SwaggerValidator());
}

/**
 * A test client for one simulated host. It pins the host's certificate (like the console will) and checks every
 * response against the Swagger definitions, so conformance is asserted by every test, not only by one file.
 */
export class ApiClient {
  token: string | undefined;

  constructor(
    readonly host: Pick<SiteHost, 'url' | 'certPem' | 'fingerprint' | 'name'>,
    private readonly credentials = { username: 'kairos', password: 'kairos' },
  ) {}

  async login(options: { extended?: boolean } = {}): Promise<this> {
    const res = await this.post<V1LoginSuccess>(paths.login, {
      json: this.credentials,
      auth: false,
      ...(options.extended ? { query: { extendedSession: 'true' } } : {}),
    });
    if (res.status !== 200) throw new Error(`login to ${this.host.name} failed: ${res.status} ${res.rawBody}`);
    this.token = res.body.Token?.Authorization;
    return this;
  }

  get<T = any>(path: string, options: RequestOptions = {}) {
    return this.request<T>('GET', path, options);
  }
  post<T = any>(path: string, options: RequestOptions = {}) {
    return this.request<T>('POST', path, options);
  }
  delete<T = any>(path: string, options: RequestOptions = {}) {
    return this.request<T>('DELETE', path, options);
  }

  async request<T = any>(method: Method, path: string, options: RequestOptions = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.auth !== false && this.token) headers.authorization = this.token;
    if (options.raw) headers['content-type'] = options.raw.contentType;
    const response = await got(`${this.host.url}${path}`, {
      method,
      headers,
      ...(options.json !== undefined ? { json: options.json } : {}),
      ...(options.raw ? { body: options.raw.body } : {}),
      ...(options.form ? { body: options.form } : {}),
      ...(options.query ? { searchParams: options.query } : {}),
      agent: { https: agent },
      responseType: 'text',
      throwHttpErrors: false,
      retry: { limit: 0 },
      timeout: { request: options.timeoutMs ?? 20_000 },
      https: {
        certificateAuthority: this.host.certPem,
        checkServerIdentity: (_name: string, cert: PeerCertificate) =>
          cert.fingerprint256 === this.host.fingerprint ? undefined : new Error('certificate does not match the host fingerprint'),
      },
    });
    const rawBody = response.body;
    let body: unknown = undefined;
    if (rawBody) {
      try {
        body = JSON.parse(rawBody);
      } catch {
        throw new Error(`${method} ${path} answered ${response.statusCode} with a body that is not JSON: ${rawBody.slice(0, 200)}`);
      }
    }
    const problems = validator().check(method, path, response.statusCode, body);
    if (problems.length > 0) {
      throw new Error(`${method} ${path} answered ${response.statusCode} outside the spec:\n${problems.join('\n')}\nbody: ${rawBody.slice(0, 500)}`);
    }
    return { status: response.statusCode, body: body as T, headers: response.headers, rawBody };
  }
}
