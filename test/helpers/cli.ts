import {spawn, type ChildProcessByStdio} from 'node:child_process';
import {once} from 'node:events';
import {resolve} from 'node:path';
import type {Readable, Writable} from 'node:stream';

const CLI = resolve(import.meta.dirname, '../../src/cli.ts');

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  stdin?: string;
  env?: Record<string, string>;
  /** Drop every HALLMARK_* variable of the test process, so the CLI sees only `env`. */
  isolated?: boolean;
}

/** Starts the real `hallmark` CLI in a child process; for commands that keep running (serve). */
export function spawnHallmark(args: string[], options: CliOptions = {}): ChildProcessByStdio<Writable, Readable, Readable> {
  const inherited = options.isolated ? Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('HALLMARK_'))) : process.env;
  return spawn(process.execPath, ['--disable-warning=ExperimentalWarning', CLI, ...args], {env: {...inherited, ...options.env}, stdio: ['pipe', 'pipe', 'pipe']});
}

/** Runs the real `hallmark` CLI in a child process to its end. */
export async function hallmark(args: string[], options: CliOptions = {}): Promise<Run> {
  const child = spawnHallmark(args, options);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  child.stdin.end(options.stdin ?? '');
  const [code] = await once(child, 'close');
  return {code: code as number | null, stdout, stderr};
}
