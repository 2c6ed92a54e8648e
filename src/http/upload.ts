import busboy from 'busboy';
import type {Request} from 'express';
import {HallmarkError, invalidInput} from '../errors.ts';

export interface Upload {
  bytes: Buffer;
  filename: string | undefined;
  mediaType: string | undefined;
}

/**
 * Reads the one file of a multipart/form-data request, refusing more than
 * `maxBytes` as soon as it is exceeded: a declared length over the cap is
 * refused before a byte is read, a stream that runs past it is cut off.
 */
export async function readSingleUpload(req: Request, maxBytes: number): Promise<Upload> {
  const declared = Number(req.get('content-length') ?? NaN);
  // Multipart framing adds a few hundred bytes around the file.
  if (Number.isFinite(declared) && declared > maxBytes + 64 * 1024) throw tooLarge(maxBytes);
  let parser: busboy.Busboy;
  try {
    parser = busboy({headers: req.headers, limits: {files: 1, fileSize: maxBytes, fields: 5, fieldSize: 1024, parts: 6}});
  } catch (error) {
    throw invalidInput(`the multipart request is malformed: ${(error as Error).message}`);
  }
  return new Promise<Upload>((resolve, reject) => {
    let upload: Upload | null = null;
    let failure: HallmarkError | null = null;
    const fail = (error: HallmarkError): void => {
      failure ??= error;
      req.unpipe(parser);
      req.resume();
      reject(failure);
    };
    parser.on('file', (_field, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => fail(tooLarge(maxBytes)));
      stream.on('end', () => {
        if (failure === null) upload = {bytes: Buffer.concat(chunks), filename: info.filename || undefined, mediaType: info.mimeType || undefined};
      });
    });
    parser.on('filesLimit', () => fail(invalidInput('send exactly one file')));
    parser.on('partsLimit', () => fail(invalidInput('too many form parts')));
    parser.on('error', (error: Error) => fail(invalidInput(`the multipart request is malformed: ${error.message}`)));
    parser.on('close', () => {
      if (failure !== null) return;
      if (upload === null) reject(invalidInput('the form carries no file', [{field: 'file', problem: 'is required'}]));
      else resolve(upload);
    });
    req.pipe(parser);
  });
}

function tooLarge(maxBytes: number): HallmarkError {
  return new HallmarkError('too-large', `the upload is larger than ${maxBytes} bytes`);
}
