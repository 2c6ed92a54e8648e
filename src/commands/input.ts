import {readFile} from 'node:fs/promises';
import {UsageError} from './usage.ts';

/** A file's bytes, or standard input's for `-`, refused past `maxBytes` (a CLI input is never trusted to be small). */
export async function readInput(source: string, maxBytes: number): Promise<Buffer> {
  try {
    const bytes = source === '-' ? await readStdin(maxBytes) : await readFile(source);
    if (bytes.length > maxBytes) throw new Error(`larger than ${maxBytes} bytes`);
    return bytes;
  } catch (error) {
    throw new UsageError(`cannot read ${source}: ${(error as Error).message}`);
  }
}

async function readStdin(maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new Error(`standard input is larger than ${maxBytes} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
