import {html, safeHref, type Html} from './html.ts';
import {displayDate} from './verdict.ts';

/** One issued badge as listings show it; paths are ours, built by InstanceUrls. */
export interface BadgeListing {
  title: string;
  /** What it was awarded to: a package release (purl) or a person. */
  subject: string;
  /** The issuing community's name. */
  community: string | null;
  status: string;
  issuedAt: string | null;
  credentialPath: string;
  badgePath: string;
}

/** One review as listings show it. */
export interface ReviewListing {
  reviewer: string;
  reviewerPath: string | null;
  /** The release reviewed, as a purl. */
  subject: string;
  subjectPath: string | null;
  community: string | null;
  verdict: string;
  /** The review's own page. */
  reviewPath?: string | null;
  summary: string | null;
  date: string | null;
}

export function badgeList(badges: BadgeListing[], empty: string): Html {
  if (badges.length === 0) return html`<p class="muted">${empty}</p>`;
  return html`<ul class="checks">${badges.map((badge) => html`<li><a href="${badge.credentialPath}"><img src="${badge.badgePath}" alt="${badge.title}: ${badge.status}"></a> <strong>${badge.title}</strong> — <code>${badge.subject}</code>${badge.community ? html` <span class="muted">by ${badge.community}</span>` : ''} <span class="muted">${displayDate(badge.issuedAt)}</span></li>`)}</ul>`;
}

export function reviewList(reviews: ReviewListing[], empty: string): Html {
  if (reviews.length === 0) return html`<p class="muted">${empty}</p>`;
  return html`<ul class="checks">${reviews.map((review) => html`<li>${link(review.subjectPath, html`<code>${review.subject}</code>`)}: <strong>${link(review.reviewPath ?? null, review.verdict)}</strong> by ${link(review.reviewerPath, review.reviewer)}${review.community ? html` <span class="muted">for ${review.community}</span>` : ''} <span class="muted">${displayDate(review.date)}</span>${review.summary ? html`<br>${review.summary}` : ''}</li>`)}</ul>`;
}

/** An internal path (starting with a single "/") or an http(s) URL; anything else is shown as text. */
export function link(target: string | null, label: Html | string): Html {
  const href = target !== null && /^\/(?![/\\])/.test(target) ? target : safeHref(target);
  return href ? html`<a href="${href}">${label}</a>` : html`${label}`;
}
