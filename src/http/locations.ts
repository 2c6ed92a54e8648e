import type {Services} from '../services.ts';

/** Where a credential we just issued can be read: its page path (JSON for programs, HTML for people). */
export function credentialLocation(services: Services, credential: Record<string, unknown>): string {
  const uuid = services.urls.credentialUuid(String(credential.id ?? ''));
  // Issuance mints the id from our own URLs, so anything else is a bug, not bad input.
  if (!uuid) throw new Error(`issued credential id ${String(credential.id)} is not one of ours`);
  return new URL(services.urls.credentialPage(uuid)).pathname;
}
