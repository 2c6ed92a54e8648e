import busboy from 'busboy';
import type {Request, Response} from 'express';
import {HallmarkError, invalidInput} from '../errors.ts';

/** The largest file any upload route accepts (a PDF résumé, a big lockfile). */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

export interface Upload {
  bytes: Buffer;
  filename: string | undefined;
  mediaType: string | undefined;
}

export interface FormLimits {
  /** Defaults to MAX_UPLOAD_BYTES. */
  maxFileBytes?: number;
  /** Largest text field; a longer one is refused, never silently cut. */
  maxFieldBytes: number;
  /** The text fields read; others are ignored (they still count against the part limit). */
  fields: readonly string[];
}

export interface Form {
  fields: Record<string, string>;
  /** The one file, or null when none was chosen (browsers send an empty, nameless part). */
  file: Upload | null;
}

/**
 * Reads the one file of a multipart/form-data request, refusing more than
 * MAX_UPLOAD_BYTES as soon as it is exceeded: a declared length over the cap is
 * refused before a byte is read, a stream that runs past it is cut off.
 */
export async function readSingleUpload(req: Request, res: Response): Promise<Upload> {
  const {file} = await readForm(req, res, {maxFieldBytes: 1024, fields: []});
  if (file === null) throw invalidInput('the form carries no file', [{field: 'file', problem: 'is required'}]);
  return file;
}

/**
 * The one multipart reader: at most one file and a few text fields, each capped as it streams.
 * A refused oversized upload also closes the connection: the rest of the body is not worth reading.
 */
export async function readForm(req: Request, res: Response, limits: FormLimits): Promise<Form> {
  try {
    return await parseForm(req, {...limits, maxFileBytes: limits.maxFileBytes ?? MAX_UPLOAD_BYTES});
  } catch (error) {
    if (error instanceof HallmarkError && error.kind === 'too-large') res.set('Connection', 'close');
    throw error;
  }
}

async function parseForm(req: Request, limits: Required<FormLimits>): Promise<Form> {
  const declared = Number(req.get('content-length') ?? NaN);
  // Multipart framing adds a few hundred bytes around each part.
  const ceiling = limits.maxFileBytes + limits.fields.length * limits.maxFieldBytes + 64 * 1024;
  if (Number.isFinite(declared) && declared > ceiling) throw tooLarge(`the upload is larger than ${limits.maxFileBytes} bytes`);
  let parser: busboy.Busboy;
  try {
    parser = busboy({headers: req.headers, limits: {files: 1, fileSize: limits.maxFileBytes, fields: limits.fields.length + 5, fieldSize: limits.maxFieldBytes, parts: limits.fields.length + 6}});
  } catch (error) {
    throw invalidInput(`the multipart request is malformed: ${(error as Error).message}`);
  }
  return new Promise<Form>((resolve, reject) => {
    const fields: Record<string, string> = {};
    let file: Upload | null = null;
    let failure: HallmarkError | null = null;
    const fail = (error: HallmarkError): void => {
      failure ??= error;
      req.unpipe(parser);
      req.resume();
      reject(failure);
    };
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) fail(tooLarge(`the field "${name.slice(0, 40)}" is longer than ${limits.maxFieldBytes} bytes`, name));
      else if (limits.fields.includes(name)) fields[name] = value;
    });
    parser.on('file', (_field, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => fail(tooLarge(`the upload is larger than ${limits.maxFileBytes} bytes`)));
      stream.on('end', () => {
        const bytes = Buffer.concat(chunks);
        if (failure === null && (bytes.length > 0 || info.filename)) file = {bytes, filename: info.filename || undefined, mediaType: info.mimeType || undefined};
      });
    });
    parser.on('filesLimit', () => fail(invalidInput('send exactly one file')));
    parser.on('fieldsLimit', () => fail(invalidInput('too many form fields')));
    parser.on('partsLimit', () => fail(invalidInput('too many form parts')));
    parser.on('error', (error: Error) => fail(invalidInput(`the multipart request is malformed: ${error.message}`)));
    parser.on('close', () => {
      if (failure === null) resolve({fields, file});
    });
    req.pipe(parser);
  });
}

function tooLarge(message: string, field?: string): HallmarkError {
  return new HallmarkError('too-large', message, field === undefined ? [] : [{field, problem: 'is too long'}]);
}
