import {createServer} from 'node:http';
import {once} from 'node:events';
import type {TestHallmark} from './hallmark.ts';

export interface Listening<T extends TestHallmark> {
  t: T;
  /** The real loopback origin, which is also the instance's HALLMARK_PUBLIC_URL. */
  base: string;
  close(): Promise<void>;
}

/**
 * A Hallmark reachable over a real port whose public URL names that port, so the
 * CLI (a separate process) can fetch what the instance's credentials link to.
 * The server listens first: the port must be known before the instance starts.
 */
export async function listeningHallmark<T extends TestHallmark>(start: (env: Record<string, string>) => Promise<T>, env: (base: string) => Record<string, string> = () => ({})): Promise<Listening<T>> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const base = `http://127.0.0.1:${(server.address() as {port: number}).port}`;
  const t = await start({HALLMARK_PUBLIC_URL: base, ...env(base)});
  server.on('request', t.hallmark.app);
  return {
    t,
    base,
    async close() {
      server.close();
      await t.close();
    },
  };
}
