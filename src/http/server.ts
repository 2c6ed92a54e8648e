/**
 * The listening socket, hardened for the open network: connection caps in
 * total and per client address, short header and body timeouts, and a
 * graceful stop (stop accepting, let in-flight requests finish, then close).
 */
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http';
import type {Socket} from 'node:net';
import type {Express} from 'express';
import type {Config} from '../config.ts';
import type {Logger} from '../observe/log.ts';

const KEEP_ALIVE_TIMEOUT_MS = 5_000;
/** How often Node looks for requests past their header or request timeout (its default, 30 s, would let one overstay by that much). */
const TIMEOUT_CHECK_INTERVAL_MS = 1_000;
/** In-flight requests get this long to finish after SIGTERM before their connections are cut. */
export const DRAIN_TIMEOUT_MS = 25_000;
/**
 * After SIGTERM the server keeps accepting for this long, answering with
 * `Connection: close`, so keep-alive clients move off their connections
 * before it stops listening (closing an idle keep-alive connection races a
 * request the client is sending on it) and /readyz has said 503 to the proxy.
 */
export const DRAIN_GRACE_MS = 1_000;

export interface HardenedServer {
  server: Server;
  /** Resolves once listening; the bound port. */
  listen(): Promise<number>;
  /** Answers with Connection: close for a moment, stops accepting, waits for in-flight requests (at most DRAIN_TIMEOUT_MS), closes every connection. */
  drain(): Promise<void>;
}

type ServerConfig = Pick<Config, 'port' | 'host' | 'maxConnections' | 'maxConnectionsPerClient' | 'headersTimeoutSeconds' | 'requestTimeoutSeconds'>;

export function hardenedServer(app: Express, config: ServerConfig, log: Logger): HardenedServer {
  let draining = false;
  const options = {
    // Past either, Node answers 408 and closes the connection.
    headersTimeout: config.headersTimeoutSeconds * 1000,
    requestTimeout: config.requestTimeoutSeconds * 1000,
    connectionsCheckingInterval: TIMEOUT_CHECK_INTERVAL_MS,
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
  };
  const server = createServer(options, (req: IncomingMessage, res: ServerResponse) => {
    // Once draining, every answer tells keep-alive clients to reconnect (to another instance).
    if (draining) res.setHeader('Connection', 'close');
    app(req, res);
  });
  server.maxConnections = config.maxConnections;
  capPerClient(server, app, config.maxConnectionsPerClient, log);

  return {
    server,
    listen() {
      return new Promise<number>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.port, config.host, () => {
          server.off('error', reject);
          const address = server.address();
          resolve(typeof address === 'object' && address !== null ? address.port : config.port);
        });
      });
    },
    async drain() {
      draining = true;
      await new Promise((resolve) => setTimeout(resolve, DRAIN_GRACE_MS));
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const deadline = setTimeout(() => {
        log.warn('shutdown: requests still running after the drain timeout; closing their connections');
        server.closeAllConnections();
      }, DRAIN_TIMEOUT_MS);
      deadline.unref();
      await closed;
      clearTimeout(deadline);
    },
  };
}

/**
 * Refuses a connection beyond `perClient` open ones from one address; a
 * trusted proxy (HALLMARK_TRUST_PROXY) is exempt, since all its clients
 * share its address and it enforces its own per-client limits.
 */
function capPerClient(server: Server, app: Express, perClient: number, log: Logger): void {
  const open = new Map<string, number>();
  const trusted = app.get('trust proxy fn') as (address: string, hop: number) => boolean;
  let refusedLogged = 0;
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? 'unknown';
    if (trusted(address, 0)) return;
    const count = (open.get(address) ?? 0) + 1;
    if (count > perClient) {
      // One line per second at most, however hard the flood.
      if (Date.now() - refusedLogged > 1000) {
        refusedLogged = Date.now();
        log.warn({remoteAddress: address, limit: perClient}, 'connection refused: too many open connections from one address');
      }
      socket.destroy();
      return;
    }
    open.set(address, count);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left <= 0) open.delete(address);
      else open.set(address, left);
    });
  });
}
