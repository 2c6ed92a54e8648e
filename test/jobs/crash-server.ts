/**
 * A `hallmark serve` for the crash-point suite that loads its modules before
 * it is told where to run: the harness keeps one warm while another crash
 * point runs, then sends one JSON line of environment (data directory, k)
 * and the real serve command starts. Run with the crash-after-writes preload.
 */
import {createInterface} from 'node:readline';
import {serveCommand} from '../../src/commands/serve.ts';

const lines = createInterface({input: process.stdin});
const line = await new Promise<string>((resolve) => lines.once('line', resolve));
lines.close();
Object.assign(process.env, JSON.parse(line) as Record<string, string>);
process.exit(await serveCommand([]));
