import type { IncomingMessage } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { FetchError } from './errors.ts';

/**
 * Reads a response body into memory, refusing it as soon as it passes
 * `maxBytes`: first by its declared Content-Length, before reading anything;
 * then on the wire; then after decompression, so a small gzip bomb cannot
 * expand past the cap either.
 */
export async function readCappedBody(
  response: IncomingMessage,
  url: string,
  maxBytes: number,
  signal: AbortSignal,
): Promise<Buffer> {
  const declared = response.headers['content-length'];
  if (declared !== undefined && Number(declared) > maxBytes) {
    response.destroy();
    throw tooLarge(url, `declares ${declared} bytes, over the limit of ${maxBytes}`);
  }

  let decoder: Transform | null;
  try {
    decoder = decoderFor(response.headers['content-encoding'], url);
  } catch (error) {
    response.destroy();
    throw error;
  }
  let decoderFailed = false;
  decoder?.once('error', () => {
    decoderFailed = true;
  });

  const chunks: Buffer[] = [];
  let size = 0;
  const wireCap = async function* (source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    let wire = 0;
    for await (const chunk of source) {
      wire += chunk.length;
      if (wire > maxBytes) throw tooLarge(url, `sent more than the limit of ${maxBytes} bytes`);
      yield chunk;
    }
  };
  const collect = async (source: AsyncIterable<Buffer>): Promise<void> => {
    for await (const chunk of source) {
      size += chunk.length;
      if (size > maxBytes) throw tooLarge(url, `${decoder ? 'decompresses to' : 'sent'} more than the limit of ${maxBytes} bytes`);
      chunks.push(chunk);
    }
  };

  try {
    if (decoder) await pipeline(response, wireCap, decoder, collect, { signal });
    else await pipeline(response, collect, { signal });
  } catch (error) {
    if (error instanceof FetchError) throw error;
    if (decoderFailed) {
      throw new FetchError('bad-content', url, `the ${response.headers['content-encoding']} body of ${url} is corrupt`, { cause: error });
    }
    throw error;
  }
  return Buffer.concat(chunks, size);
}

/**
 * We ask for `identity`, but servers and proxies do not always listen; the
 * common encodings are decoded (under the cap) rather than refused.
 */
function decoderFor(header: string | undefined, url: string): Transform | null {
  const encoding = (header ?? '').trim().toLowerCase();
  switch (encoding) {
    case '':
    case 'identity':
      return null;
    case 'gzip':
    case 'x-gzip':
      return createGunzip();
    case 'deflate':
      return createInflate();
    case 'br':
      return createBrotliDecompress();
    default:
      throw new FetchError('bad-content', url, `${url} was sent with unsupported Content-Encoding "${header}"`);
  }
}

function tooLarge(url: string, what: string): FetchError {
  return new FetchError('too-large', url, `${url} ${what}`);
}
