import dc from 'node:diagnostics_channel';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A real HTTP server on 127.0.0.1 and an ephemeral port, for the fetcher to talk to. */
export interface TestServer {
  port: number;
  url(path: string): string;
  /** Paths requested so far, in order. */
  requests: string[];
  close(): Promise<void>;
}

export async function startServer(handler: http.RequestListener): Promise<TestServer> {
  const requests: string[] = [];
  const server = http.createServer((request, response) => {
    requests.push(request.url ?? '');
    handler(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    url: (path) => `http://127.0.0.1:${port}${path}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        // Stalled test responses would otherwise hold close() open forever.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A page a test site serves: its media type and bytes. */
export interface SitePage {
  type: string;
  body: string | Uint8Array;
}

/** A loopback "remote site" serving whatever `pages` holds at each path, 404 elsewhere. */
export function startSite(pages: ReadonlyMap<string, SitePage>): Promise<TestServer> {
  return startServer((request, response) => {
    const page = pages.get(request.url ?? '');
    if (!page) {
      response.writeHead(404).end('not here');
      return;
    }
    response.writeHead(200, {'content-type': page.type}).end(page.body);
  });
}

/**
 * Counts outgoing HTTP requests and TCP connections started while `work`
 * runs, through Node's own diagnostics channels: blocked fetches must be
 * refused before any request or socket exists, not merely fail afterwards.
 */
export async function outboundAttemptsDuring(work: () => Promise<unknown>): Promise<number> {
  let count = 0;
  const onAttempt = (): void => {
    count += 1;
  };
  const channels = ['http.client.request.start', 'net.client.socket'];
  for (const name of channels) dc.subscribe(name, onAttempt);
  try {
    await work();
  } finally {
    for (const name of channels) dc.unsubscribe(name, onAttempt);
  }
  return count;
}
