import type {Request} from 'express';
import {invalidInput} from '../errors.ts';

/** A named path segment as one string (Express 5 types allow arrays for wildcards we don't use). */
export function pathParam(req: Request, name: string): string {
  const value = req.params[name];
  return Array.isArray(value) ? value.join('/') : String(value);
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/** The Idempotency-Key header, if given; malformed ones are refused. */
export function idempotencyKey(req: Request): string | undefined {
  const key = req.get('idempotency-key');
  if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
    throw invalidInput('Idempotency-Key must be 1-200 visible ASCII characters', [{field: 'Idempotency-Key', problem: 'malformed'}]);
  }
  return key;
}
