// An AgentClient for a fake host on loopback, outside any core: the certificate taken as trusted, the credentials
// given, nothing persisted. For tests of the client's own behaviour (logins, streamed bodies).
import { AgentClient } from '../../core/agent/client';
import type { ClientHost } from '../../core/agent/types';
import { silentLogger, SecretSet } from '../../core/log';
import type { CredentialStore } from '../../core/store/credentials';

export function trustingClient(port: number, password = 'kairos', hooks: Partial<Pick<ClientHost, 'onAnswer' | 'onConnectionLost'>> = {}): AgentClient {
  const endpoint = { address: '127.0.0.1', port };
  const clientHost: ClientHost = {
    hostId: () => `127.0.0.1:${port}`,
    label: () => `fake (127.0.0.1:${port})`,
    endpoint: () => endpoint,
    checkCertificate: () => 'trusted',
    onAuthChange: () => undefined,
    onAnswer: () => undefined,
    onConnectionLost: () => undefined,
    ...hooks,
  };
  // Only what the client reads of the store: a test has no state folder.
  const credentials = { generation: 0, forHost: async () => ({ username: 'kairos', password }), hasOverride: () => false } as unknown as CredentialStore;
  return new AgentClient(clientHost, { credentials, secrets: new SecretSet(), logger: silentLogger, version: 'test' });
}
