import {once} from 'node:events';
import type {ChildProcess} from 'node:child_process';
import {spawnHallmark} from './cli.ts';

export interface Served {
  child: ChildProcess;
  port: number;
  base: string;
  output(): string;
  /** Sends the signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts `hallmark serve` in a child process, as `npm start` does, and waits until it listens. */
export async function serveChild(env: Record<string, string>, connectHost = '127.0.0.1'): Promise<Served> {
  const child = spawnHallmark(['serve'], {env: {PORT: '0', HALLMARK_LOG_LEVEL: 'warn', ...env}});
  child.stdin.end();
  let output = '';
  const port = await new Promise<number>((resolvePort, reject) => {
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const match = /listening on port (\d+)/.exec(output);
      if (match) resolvePort(Number(match[1]));
    });
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${output}`)));
  });
  return {
    child,
    port,
    base: `http://${connectHost}:${port}`,
    output: () => output,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null) return child.exitCode;
      const exited = once(child, 'exit');
      child.kill(signal);
      const [code] = await exited;
      return code as number | null;
    },
  };
}
