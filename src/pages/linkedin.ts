/**
 * LinkedIn's "Add to Profile" link for a certification
 * (https://addtoprofile.linkedin.com/): the form opens pre-filled, and the
 * credential's page is the certification's URL, where anyone can verify it.
 */
export interface Certification {
  name: string;
  organizationName: string;
  issuedAt: string | null;
  expiresAt: string | null;
  /** The credential's verification page. */
  url: string;
  id: string;
}

export function linkedInAddUrl(certification: Certification): string {
  const params = new URLSearchParams({startTask: 'CERTIFICATION_NAME', name: certification.name, organizationName: certification.organizationName});
  const issued = monthOf(certification.issuedAt);
  if (issued) {
    params.set('issueYear', issued.year);
    params.set('issueMonth', issued.month);
  }
  const expires = monthOf(certification.expiresAt);
  if (expires) {
    params.set('expirationYear', expires.year);
    params.set('expirationMonth', expires.month);
  }
  params.set('certUrl', certification.url);
  params.set('certId', certification.id);
  return `https://www.linkedin.com/profile/add?${params.toString()}`;
}

function monthOf(date: string | null): {year: string; month: string} | null {
  const time = date ? Date.parse(date) : Number.NaN;
  if (Number.isNaN(time)) return null;
  const value = new Date(time);
  return {year: String(value.getUTCFullYear()), month: String(value.getUTCMonth() + 1)};
}
