import {createHash} from 'node:crypto';
import {makeBadge} from 'badge-maker';
import {LRUCache} from 'lru-cache';
import type {BadgeState, BadgeStatus} from './badge-status.ts';

export interface BadgeImage {
  svg: string;
  /** A strong validator of the exact bytes, for ETag revalidation. */
  etag: string;
}

/** Shields' classic palette, fixed here so a badge-maker upgrade cannot change what a status looks like. */
const LOOK: Record<BadgeState, {message: string; color: string}> = {
  valid: {message: 'valid', color: '#4c1'},
  suspended: {message: 'suspended', color: '#fe7d37'},
  revoked: {message: 'revoked', color: '#e05d44'},
  expired: {message: 'expired', color: '#9f9f9f'},
  'not-yet-valid': {message: 'not yet valid', color: '#9f9f9f'},
  'not-found': {message: 'not found', color: '#9f9f9f'},
  'not-vetted': {message: 'not vetted', color: '#9f9f9f'},
};

/** The label an unknown credential's badge carries. */
const UNKNOWN_LABEL = 'hallmark';
const CACHED_IMAGES = 5_000;

/** Shields-style SVGs, rendered once per (label, state): the badge endpoint is hot. */
export class BadgeImages {
  readonly #cache = new LRUCache<string, BadgeImage>({max: CACHED_IMAGES});

  render(status: BadgeStatus): BadgeImage {
    const label = status.label ?? UNKNOWN_LABEL;
    const key = `${status.state}\u0000${label}`;
    const cached = this.#cache.get(key);
    if (cached) return cached;
    const look = LOOK[status.state];
    // badge-maker escapes label and message for XML itself.
    const svg = makeBadge({label, message: look.message, color: look.color, style: 'flat'});
    const image = {svg, etag: `"${createHash('sha256').update(svg).digest('base64url').slice(0, 27)}"`};
    this.#cache.set(key, image);
    return image;
  }
}
