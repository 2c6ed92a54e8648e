import {ConfigError, loadConfig} from '../config.ts';
import {BackupError, backupDatabase, restoreDatabase} from '../instance/backup.ts';
import {parseDatabaseUrl} from '../store/open.ts';
import {UsageError} from './usage.ts';

function target() {
  try {
    const config = loadConfig();
    return parseDatabaseUrl(config.databaseUrl, config.dataDir);
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(`configuration: ${error.message}`);
    throw error;
  }
}

function oneFile(command: string, args: string[]): string {
  if (args.length !== 1 || args[0].startsWith('-')) throw new UsageError(`usage: hallmark ${command} <file>`);
  return args[0];
}

/** Runs one step; a refusal (BackupError) is exit 1 with its message, anything else an internal error. */
async function step(command: string, work: () => Promise<string>): Promise<number> {
  try {
    process.stdout.write(await work());
    return 0;
  } catch (error) {
    if (!(error instanceof BackupError)) throw error;
    process.stderr.write(`hallmark ${command}: ${error.message}\n`);
    return 1;
  }
}

/** `hallmark backup <file>`: a consistent copy of the live database; the server may keep running. */
export function backupCommand(args: string[]): Promise<number> {
  const file = oneFile('backup', args);
  return step('backup', async () => {
    const {bytes} = await backupDatabase(target(), file);
    return (
      `Backed up the database to ${file} (${bytes} bytes).\n` +
      'The master secret is not in it: keep HALLMARK_SECRET (or the HALLMARK_SECRET_FILE) safe separately; without it the backup cannot sign or revoke.\n'
    );
  });
}

/** `hallmark restore <file>`: into an empty data directory, with the server stopped. */
export function restoreCommand(args: string[]): Promise<number> {
  const file = oneFile('restore', args);
  return step('restore', async () => {
    await restoreDatabase(target(), file);
    return `Restored ${file}. Start Hallmark with the master secret and HALLMARK_PUBLIC_URL this data was made with; it refuses to start otherwise.\n`;
  });
}
