#!/usr/bin/env node
import {serveCommand} from './commands/serve.ts';
import {verifyCommand} from './commands/verify.ts';
import {UsageError} from './commands/usage.ts';
import {communityCommand} from './commands/community.ts';
import {reviewCommand} from './commands/review.ts';
import {policyCommand} from './commands/policy.ts';
import {checkCommand} from './commands/check.ts';
import {importCommand} from './commands/import.ts';
import {backupCommand, restoreCommand} from './commands/backup.ts';
import {inviteCommand} from './commands/invite.ts';

const USAGE = `usage: hallmark <command> [options]

commands:
  serve                      run the service (configuration from the environment; see README)
  backup <file>              write a consistent copy of the live SQLite database to a new file (the server may
                             keep running; the master secret is not included); exit 0 done, 1 failed, 2 usage
  restore <file>             put a backup in place as the database of an empty data directory (server stopped)
  verify <file|url|->        verify a credential (JSON-LD or VC-JWT) and print the report; or find and
                             verify the credentials in or linked from a baked PNG/SVG, a PDF, Markdown,
                             HTML, a presentation, a JSON Resume or a URL (one line per credential, plus
                             problems and suspicious look-alike badges);
                             exit 0 valid (all found valid, nothing suspicious, and the named recipient's),
                             1 not valid, suspicious or someone else's, 2 usage error, unreadable input,
                             nothing found or internal error, 3 indeterminate (a key document or status list
                             could not be obtained, or the recipient could not be checked)
        [--bundle <file>]    verify a bundle from GET /credentials/{id}/bundle (instead of a credential) with
                             nothing fetched; says the status as of the bundled status list's date
        [--recipient <id>]   check each credential was issued to this person: an email address, URL, DID
                             or telephone number (repeatable: several identities of the same person)
        [--server URL]       also show the endorsements that Hallmark server knows (or HALLMARK_SERVER)
        [--json]             print the full JSON verification report (or inspection result)
        [--documents <path>] verify offline: a URL→file map (JSON) or a folder with urlmap.json
        [--trust-embedded-keys]
                             accept keys a credential names for itself when its issuer publishes none (1EdTech validator behaviour; forgeable)
        [--trusted-endorser <did>]
                             mark verified endorsements from this DID as trusted (repeatable; adds to HALLMARK_TRUSTED_ENDORSERS)
                             (HALLMARK_FETCH_ALLOW_HOSTS lets it reach loopback or private hosts, as for the server)
  invite                     make a one-time invitation link (admin token, or a steward's for their community):
        [--found-communities | --organisation] [--community S --role member|auditor|senior-auditor|steward] [--note TEXT] [--days 1-30] [--json]
                             prints the link; exit 0 done, 1 refused by the server, 2 usage error or server failure
  community create           create a community (admin token): --slug S --name N [--description D] [--ecosystem npm]…
        [--steward HANDLE]… [--membership open|invite] [--guidance-url U] [--guidance-text T] [--endorsements N] [--file body.json|-]
  review submit              submit a review (account token): --community S --purl pkg:npm/x@1.0.0 --criteria safe-to-run[,…]
        --thoroughness L --understanding L --rating R [--kind full|delta|violation] [--from V] [--range vers:…]
        [--finding ID:SEVERITY]… [--notes TEXT] [--file body.json|-]
                             both take --server URL --token T (or HALLMARK_SERVER, HALLMARK_TOKEN) and print the server's JSON;
                             exit 0 done, 1 refused by the server (the message says why), 2 usage error, unreachable server or server failure
  policy publish <file> --community S
                             publish a policy from a JSON or YAML (.yaml/.yml) file (steward token)
  policy evaluate --community S --policy N <purl@version> [--version n]
                             evaluate a policy for a release; exit 0 only when every rule passed
                             (both take --server/--token like the commands above)
  import cargo-vet <audits.toml|-> --community S [--source NAME] [--mapping mapping.json]
                             import a cargo-vet audits file into a community (steward token; --server/--token);
                             prints counts, added, unmapped and disappeared entries; exit 0 imported, 1 refused, 2 failure
  check <sbom|-> --policy community/name [--policy …] [--format text|json|markdown|sarif|junit]
        [--output FILE] [--summary FILE]
                             does every package of a CycloneDX/SPDX SBOM or npm lockfile hold a verifying
                             badge under one of the policies? One line per package (or SARIF 2.1.0, JUnit XML,
                             a Markdown table); --output writes the format to FILE, --summary appends the
                             Markdown table to FILE (e.g. $GITHUB_STEP_SUMMARY); exit 0 all do, 1 some do not,
                             2 no verdict: a policy that does not exist, refused input, usage error or server
                             failure (--server; no token needed)
`;

const commands: Record<string, (args: string[]) => Promise<number>> = {
  serve: serveCommand,
  verify: verifyCommand,
  community: communityCommand,
  review: reviewCommand,
  policy: policyCommand,
  check: checkCommand,
  import: importCommand,
  backup: backupCommand,
  restore: restoreCommand,
  invite: inviteCommand,
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
