import {spawn} from 'node:child_process';
import {once} from 'node:events';
import {resolve} from 'node:path';

const CLI = resolve(import.meta.dirname, '../../src/cli.ts');

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real `hallmark` CLI in a child process. */
export async function hallmark(args: string[], options: {stdin?: string; env?: Record<string, string>} = {}): Promise<Run> {
  const child = spawn(process.execPath, [CLI, ...args], {env: {...process.env, ...options.env}, stdio: ['pipe', 'pipe', 'pipe']});
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  child.stdin.end(options.stdin ?? '');
  const [code] = await once(child, 'close');
  return {code: code as number | null, stdout, stderr};
}
