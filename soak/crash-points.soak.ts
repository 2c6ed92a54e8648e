/**
 * The crash-point suite at every write (`npm test` samples every fourth write
 * from a random offset, see test/jobs/crash-harness.ts): each multi-write flow
 * is killed after each of its writes in turn and must come back consistent.
 */
import {spawn} from 'node:child_process';
import {once} from 'node:events';
import {join} from 'node:path';

const suite = join(import.meta.dirname, '..', 'test', 'jobs', 'crash-points.test.ts');
const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', '--test', suite], {
  stdio: 'inherit',
  env: {...process.env, HALLMARK_CRASH_STRIDE: '1'},
});
const [code] = await once(child, 'exit');
process.exit(code === 0 ? 0 : 1);
