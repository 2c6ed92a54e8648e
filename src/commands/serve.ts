import {ConfigError, loadConfig} from '../config.ts';
import {createHallmark} from '../app.ts';
import {hardenedServer} from '../http/server.ts';
import {UsageError} from './usage.ts';

export async function serveCommand(args: string[]): Promise<number> {
  if (args.length > 0) throw new UsageError(`serve takes no arguments (configure it with environment variables), got "${args[0]}"`);
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(`configuration: ${error.message}`);
    throw error;
  }
  let hallmark;
  try {
    hallmark = await createHallmark(config);
  } catch (error) {
    // Start-up problems (a wrong secret, a changed public URL, an unreadable data directory) are the operator's to fix: say what, not where.
    process.stderr.write(`hallmark serve: cannot start: ${(error as Error).message}\n`);
    return 1;
  }
  if (hallmark.generatedAdminToken) {
    process.stdout.write(
      `\nNo HALLMARK_ADMIN_TOKEN was set, so an admin token was generated.\n` +
      `It is shown this once and stored only as a hash:\n\n  ${hallmark.generatedAdminToken}\n\n`,
    );
  }
  if (hallmark.revokedAdminTokens > 0) {
    process.stdout.write(`HALLMARK_ADMIN_TOKEN is set, so ${hallmark.revokedAdminTokens} other admin token(s) were revoked.\n`);
  }
  const log = hallmark.services.log;
  const http = hardenedServer(hallmark.app, config, log);
  let port: number;
  try {
    port = await http.listen();
  } catch (error) {
    await hallmark.close();
    process.stderr.write(`hallmark serve: cannot listen on ${config.host ?? 'every interface'} port ${config.port}: ${(error as Error).message}\n`);
    return 1;
  }
  // One write, so whoever waits for the "listening" line has the way in too.
  const wayIn = hallmark.wayIn
    ? `\nNobody can sign in yet. Open this invitation to make the first account\n` +
      `(it may found communities; it works once, for 7 days, and a new one is printed at each start until it is used):\n\n` +
      `  ${config.publicUrl}/invitations/${hallmark.wayIn}\n\n`
    : '';
  process.stdout.write(`${wayIn}Hallmark listening on port ${port} (${config.host ?? 'every interface'}), public URL ${config.publicUrl}, data in ${config.dataDir}\n`);
  log.info({port, host: config.host ?? null, publicUrl: config.publicUrl}, 'listening');
  // Loading the verification workers takes a moment: do it now rather than in the first SBOM check.
  void hallmark.services.verifyPool.ready();
  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      log.info({signal}, 'shutting down: no new connections; finishing requests in flight');
      hallmark.beginShutdown();
      void http
        .drain()
        .then(() => hallmark.close())
        .then(
          () => {
            log.info('stopped');
            resolve(0);
          },
          (error: unknown) => {
            log.error({err: error}, 'shutdown failed');
            resolve(1);
          },
        );
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
}
