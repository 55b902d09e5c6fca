// A host must be able to crash and come back on the same port; this is its restartable HTTPS listener.
import type { IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';

/**
 * A host's HTTPS listener, which can close like a crash (open connections cut, not drained) and open again on the
 * same port. Node cannot reopen a closed server, so each open makes a new one.
 */
export class HostListener {
  private server: https.Server | null = null;
  private readonly sockets = new Set<Socket>();

  constructor(
    private readonly tls: { keyPem: string; certPem: string },
    private readonly onRequest: (req: IncomingMessage, res: ServerResponse) => void,
  ) {}

  /** Listens on address:port (0 = any free port) and returns the port; with a fallback, a taken port means any. */
  async open(address: string, port: number, fallBackToFreePort: boolean): Promise<number> {
    const server = https.createServer(
      // requestTimeout 0: multi-GB uploads outlast the default five minutes. keepAliveTimeout above the heartbeat
      // interval, so a leader reuses its connections to followers instead of a TLS handshake per beat.
      { key: this.tls.keyPem, cert: this.tls.certPem, requestTimeout: 0, headersTimeout: 60_000, keepAliveTimeout: 65_000 },
      this.onRequest,
    );
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    try {
      await listenOn(server, port, address);
    } catch (err) {
      if (!fallBackToFreePort || (err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
      await listenOn(server, 0, address);
    }
    this.server = server;
    const bound = server.address();
    return bound && typeof bound === 'object' ? bound.port : port;
  }

  /** Stops listening and cuts every open connection. */
  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await closed;
  }
}

function listenOn(server: https.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once('error', onError);
    server.listen({ port, host, exclusive: true }, () => {
      server.removeListener('error', onError);
      resolve();
    });
  });
}
