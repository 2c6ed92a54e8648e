#!/usr/bin/env node
import {serveCommand} from './commands/serve.ts';
import {verifyCommand} from './commands/verify.ts';
import {UsageError} from './commands/usage.ts';
import {policyCommand} from './commands/policy.ts';

const USAGE = `usage: hallmark <command> [options]

commands:
  serve                      run the service (configuration from the environment; see README)
  verify <file|url|->        verify a credential (JSON-LD or VC-JWT) and print the report;
                             exit 0 valid, 1 not valid, 2 usage error, unreadable input or internal error
        [--json]             print the full JSON verification report
        [--documents <path>] verify offline: a URL→file map (JSON) or a folder with urlmap.json
        [--trust-embedded-keys]
                             accept keys a credential names for itself when its issuer publishes none (1EdTech validator behaviour; forgeable)
  policy publish <file> --community <slug>
                             publish a policy (JSON, or YAML for .yaml/.yml files); exit 0 published, 1 refused
  policy evaluate --community <slug> --policy <name> <purl@version> [--version <n>]
                             evaluate a policy for a release; exit 0 every rule passed, 1 not (or refused)
        [--server <url>] [--token <token>]
                             the Hallmark API (default HALLMARK_SERVER, HALLMARK_TOKEN)
`;

const commands: Record<string, (args: string[]) => Promise<number>> = {
  serve: serveCommand,
  verify: verifyCommand,
  policy: policyCommand,
};

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(USAGE);
    return name === undefined ? 2 : 0;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`hallmark: unknown command "${name}"\n\n${USAGE}`);
    return 2;
  }
  try {
    return await command(args);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`hallmark ${name}: ${error.message}\n`);
      return 2;
    }
    // Exit 1 means "not valid"; a failure of our own must never read as a verdict.
    process.stderr.write(`hallmark ${name}: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}

process.exitCode = await main(process.argv.slice(2));
