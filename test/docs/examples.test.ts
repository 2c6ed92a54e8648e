import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {execFile, execFileSync} from 'node:child_process';
import {createServer} from 'node:net';
import {once} from 'node:events';
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {serveChild} from '../helpers/serve.ts';

/**
 * The documentation's examples, run as written: every ```sh block preceded by
 * `<!-- runs -->` in the README and docs/, in order, in one bash session per
 * file, with real curl against `hallmark serve` on loopback. A command
 * followed by `# → [status] {json…}` must answer that status, and every key
 * the shown JSON names must be in the answer. So the examples cannot drift.
 */

const ROOT = resolve(import.meta.dirname, '../..');
const FILES = ['README.md', 'docs/maintainers.md', 'docs/stewards-and-auditors.md', 'docs/verifiers.md', 'docs/operators.md', 'docs/integrators.md'];
const ADMIN = 'docs-admin-token-0123456789abcdef0123';

interface Command {
  /** The shell text, continuation lines joined as written. */
  text: string;
  /** What the docs show it answers, if anything. */
  shown: {status: number | null; body: string} | null;
  /** Where it is, for failure messages. */
  line: number;
}

/** Whether a command goes on on the next line: a trailing backslash or pipe, or a quote still open. */
function continues(text: string): boolean {
  if (/(\\|\|)\s*$/.test(text)) return true;
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quote === '"' && char === '\\') i++;
    else if (quote !== null && char === quote) quote = null;
    else if (quote === null && (char === "'" || char === '"')) quote = char;
    else if (quote === null && char === '#' && /\s/.test(text[i - 1] ?? ' ')) break;
  }
  return quote !== null;
}

/** A `<<'END'` here-document whose terminator has not come yet. */
function heredocOpen(text: string): boolean {
  const start = /<<-?'?([A-Z]+)'?/.exec(text);
  return start !== null && !text.split('\n').slice(1).includes(start[1]);
}

/** The runnable blocks of a Markdown file, as commands with what each is shown to answer. */
function runnableCommands(markdown: string): Command[] {
  const lines = markdown.split('\n');
  const commands: Command[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() !== '<!-- runs -->') continue;
    assert.equal(lines[i + 1], '```sh', `line ${i + 2}: a runnable example is a \`\`\`sh block`);
    let j = i + 2;
    let current: Command | null = null;
    let showing = false;
    for (; lines[j] !== '```'; j++) {
      assert.ok(j < lines.length, `line ${i + 1}: the block never ends`);
      const line = lines[j];
      const shown = /^# → (?:(\d{3})\b\s*)?(.*)$/.exec(line);
      if (current && heredocOpen(current.text)) {
        current.text += `\n${line}`;
      } else if (shown && current) {
        current.shown = {status: shown[1] ? Number(shown[1]) : null, body: shown[2]};
        showing = true;
      } else if (showing && current?.shown && /^#\s{2,}/.test(line)) {
        current.shown.body += ` ${line.replace(/^#\s+/, '')}`;
      } else if (line.startsWith('#') || line.trim() === '') {
        showing = false;
      } else if (current && continues(current.text)) {
        current.text += `\n${line}`;
      } else {
        showing = false;
        current = {text: line, shown: null, line: j + 1};
        commands.push(current);
      }
    }
    i = j;
  }
  return commands;
}

/** Every `"key": scalar` a shown answer states (not elided with `…`): the answer must say the same. */
function shownValues(body: string): Array<[string, unknown]> {
  return [...body.matchAll(/"([^"\\]+)"\s*:\s*(true|false|null|-?\d+(?:\.\d+)?|"[^"…]*")(?=\s*[,}\]])/g)].map((match) => [match[1], JSON.parse(match[2])]);
}

function hasValue(value: unknown, key: string, expected: unknown): boolean {
  if (Array.isArray(value)) return value.some((item) => hasValue(item, key, expected));
  if (value === null || typeof value !== 'object') return false;
  return Object.entries(value).some(([name, item]) => (name === key && item === expected) || hasValue(item, key, expected));
}

/** Every object key named in a shown answer: `"key":` outside of `…` placeholders. */
function shownKeys(body: string): string[] {
  return [...body.matchAll(/"([^"\\]+)"\s*:/g)].map((match) => match[1]);
}

function keysOf(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) keysOf(item, into);
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      into.add(key);
      keysOf(item, into);
    }
  }
  return into;
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const {port} = server.address() as {port: number};
  server.close();
  await once(server, 'close');
  return port;
}

function have(tool: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], {stdio: 'ignore'});
    return true;
  } catch {
    return false;
  }
}

const missing = ['bash', 'curl', 'jq'].filter((tool) => !have(tool));
const skip = missing.length > 0 && process.env.CI !== 'true' ? `needs ${missing.join(', ')} on the PATH` : false;
if (skip) console.log(`# docs examples skipped: ${skip}`);

describe('the documentation\'s curl examples, run against a live server', {skip}, () => {
  it('finds runnable examples in the README and in docs/', () => {
    const counts = FILES.map((file) => runnableCommands(readFileSync(join(ROOT, file), 'utf8')).length);
    assert.ok(counts[0] > 0, 'the README has runnable examples');
    assert.ok(counts.slice(1).reduce((a, b) => a + b, 0) > 10, 'docs/ has runnable examples');
  });

  for (const file of FILES) {
    const commands = runnableCommands(readFileSync(join(ROOT, file), 'utf8'));
    if (commands.length === 0) continue;
    it(`${file}: every example runs and answers as shown`, async () => {
      const port = await freePort();
      const base = `http://localhost:${port}`;
      const dir = await mkdtemp(join(tmpdir(), 'hallmark-docs-'));
      const served = await serveChild({
        PORT: String(port), HALLMARK_DATA_DIR: join(dir, 'data'), HALLMARK_ADMIN_TOKEN: ADMIN, HALLMARK_PUBLIC_URL: base,
        HALLMARK_FETCH_ALLOW_HOSTS: `localhost:${port},127.0.0.1:${port}`, HALLMARK_VERIFY_WORKERS: '0', HALLMARK_RATE_LIMITS: 'verify=off',
      });
      try {
        // Each command's output between markers; each curl's status in a log, by command.
        const statusLog = join(dir, 'status.log');
        const script = [
          'set -euo pipefail',
          `curl() { command curl -w "%{stderr}@@\${HM_COMMAND} %{http_code}@@\\n" "$@" 2>>"${statusLog}"; }`,
          // `hallmark` and `npx hallmark` are this checkout's CLI, on the Node that runs the tests.
          `hallmark() { "${process.execPath}" --disable-warning=ExperimentalWarning "${join(ROOT, 'src/cli.ts')}" "$@"; }`,
          'npx() { if [ "$1" = hallmark ]; then shift; hallmark "$@"; else command npx "$@"; fi; }',
          ...commands.flatMap((command, index) => [`HM_COMMAND=${index}; printf '\\n@@@ %d @@@\\n' ${index}`, command.text]),
          'printf "\\n@@@ end @@@\\n"',
        ].join('\n');
        await writeFile(join(dir, 'examples.sh'), script);
        const {stdout, stderr, code} = await new Promise<{stdout: string; stderr: string; code: number}>((done) => {
          execFile('bash', [join(dir, 'examples.sh')], {cwd: dir, env: {...process.env, H: base, ADMIN, HALLMARK_SERVER: base}, timeout: 120_000, maxBuffer: 32 * 1024 * 1024}, (error, out, err) => done({stdout: out, stderr: err, code: error ? Number((error as {code?: number}).code ?? 1) : 0}));
        });
        const outputs = new Map<number, string>();
        for (const match of stdout.matchAll(/@@@ (\d+) @@@\n([\s\S]*?)(?=\n@@@ )/g)) outputs.set(Number(match[1]), match[2]);
        const statuses = new Map<number, number[]>();
        for (const match of (await readFile(statusLog, 'utf8').catch(() => '')).matchAll(/@@(\d+) (\d{3})@@/g)) statuses.set(Number(match[1]), [...(statuses.get(Number(match[1])) ?? []), Number(match[2])]);
        const lastRun = Math.max(-1, ...[...stdout.matchAll(/@@@ (\d+) @@@/g)].map((match) => Number(match[1])));
        assert.equal(code, 0, `${file}: the examples stopped at line ${commands[lastRun]?.line} (\`${commands[lastRun]?.text.slice(0, 120)}\`): ${stderr.replace(/@@\d+ \d{3}@@\n/g, '').slice(-1500)}`);
        for (const [index, command] of commands.entries()) {
          if (!command.shown) continue;
          const where = `${file}:${command.line} \`${command.text.split('\n')[0].slice(0, 100)}\``;
          const output = (outputs.get(index) ?? '').trim();
          if (command.shown.status !== null) assert.deepEqual(statuses.get(index)?.slice(-1), [command.shown.status], `${where} answers ${command.shown.status}: ${output.slice(0, 400)}`);
          const keys = shownKeys(command.shown.body);
          if (keys.length === 0) {
            // Text, not JSON: shown exactly, unless elided.
            if (command.shown.body !== '' && !command.shown.body.includes('…')) assert.ok(output.includes(command.shown.body.trim()), `${where} prints ${command.shown.body}, not: ${output.slice(0, 300)}`);
            continue;
          }
          let answer: unknown;
          try {
            answer = JSON.parse(output);
          } catch {
            assert.fail(`${where} is shown answering JSON but printed: ${output.slice(0, 300)}`);
          }
          const present = keysOf(answer);
          const absent = keys.filter((key) => !present.has(key));
          assert.deepEqual(absent, [], `${where}: the answer has no ${absent.join(', ')}: ${output.slice(0, 400)}`);
          for (const [key, expected] of shownValues(command.shown.body)) assert.ok(hasValue(answer, key, expected), `${where}: the answer does not say "${key}": ${JSON.stringify(expected)}: ${output.slice(0, 400)}`);
        }
      } finally {
        await served.stop();
        await rm(dir, {recursive: true, force: true});
      }
    });
  }
});
