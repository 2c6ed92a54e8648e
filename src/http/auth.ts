import type {TokenScope} from '../auth/tokens.ts';

export function scopeOf(res: {locals: Record<string, unknown>}): TokenScope | null {
  return (res.locals.scope as TokenScope | null | undefined) ?? null;
}
