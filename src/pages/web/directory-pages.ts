import {html, type Html} from '../html.ts';
import {badgeList, link, type BadgeListing} from '../listings.ts';

export interface Paging {
  page: number;
  pages: number;
  total: number;
  /** The link to another page of the same listing. */
  href: (page: number) => string;
}

export function pager(paging: Paging): Html {
  if (paging.pages <= 1) return html``;
  return html`<nav class="pager" aria-label="Pages"><p>${paging.page > 1 ? html`<a href="${paging.href(paging.page - 1)}" rel="prev">Previous</a> ` : ''}Page ${paging.page} of ${paging.pages}${paging.page < paging.pages ? html` <a href="${paging.href(paging.page + 1)}" rel="next">Next</a>` : ''}</p></nav>`;
}

export interface ListedItem {
  title: string;
  path: string;
  summary: string;
  /** e.g. "package", shown before the title in mixed results. */
  kind?: string;
}

export function itemList(items: ListedItem[], empty: string): Html {
  if (items.length === 0) return html`<p class="muted">${empty}</p>`;
  return html`<ul class="directory">${items.map((item) => html`<li>${item.kind ? html`<span class="kind">${item.kind}</span> ` : ''}${link(item.path, html`<strong>${item.title}</strong>`)}${item.summary ? html`<br><span class="muted">${item.summary}</span>` : ''}</li>`)}</ul>`;
}

/** A search box for one listing (GET, so results can be linked and bookmarked). */
export function searchForm(action: string, query: string, label: string, hidden: Record<string, string> = {}): Html {
  return html`<form method="get" action="${action}" role="search" class="search"><p class="field"><label for="search-q">${label}</label>
<input id="search-q" name="q" type="search" maxlength="1000" value="${query}"></p>${Object.entries(hidden).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}<p><button type="submit">Search</button></p></form>`;
}

/** Filter links (ecosystems, roles): the current one is marked for screen readers too. */
export function filterLinks(label: string, choices: Array<{label: string; href: string; current: boolean}>): Html {
  return html`<nav class="filters" aria-label="${label}"><p>${label}: ${choices.map((choice) => (choice.current ? html`<strong aria-current="page">${choice.label}</strong> ` : html`<a href="${choice.href}">${choice.label}</a> `))}</p></nav>`;
}

export interface HomeView {
  host: string;
  communities: ListedItem[];
  moreCommunities: boolean;
  badges: BadgeListing[];
  signedIn: boolean;
}

export function homePage(view: HomeView): Html {
  return html`<h1>Hallmark at ${view.host}</h1>
<p class="lead">Here, communities of reviewers vet software releases. Each community publishes the policy a release must meet; its auditors review releases; a release that meets a policy receives a signed <a href="https://www.imsglobal.org/spec/ob/v3p0/">Open Badges 3.0</a> credential that anyone can verify, and that turns red by itself if the badge is revoked.</p>
${searchForm('/search', '', 'Search communities, packages and reviewers')}
<h2>Communities</h2>
${itemList(view.communities, 'No community has been founded here yet.')}
${view.moreCommunities ? html`<p><a href="/communities">All communities</a></p>` : ''}
<h2>Recent badges</h2>
${badgeList(view.badges, 'No badge has been awarded yet.')}
<h2>Verify a badge</h2>
<p>Have a badge, a credential, a README or a résumé that shows badges? <a href="/verify">Verify it</a>: paste it, upload it or give its address, and see whether each credential is genuine and still valid, and why.</p>
${view.signedIn ? '' : html`<p class="muted">Reviewers and stewards <a href="/sign-in">sign in</a> to do their work here; accounts come from invitations.</p>`}`;
}

export function listingPage(heading: string, intro: Html, filters: Html, items: Html, paging: Paging): Html {
  return html`<h1>${heading}</h1>
${intro}
${filters}
<p class="muted">${paging.total} found.</p>
${items}
${pager(paging)}`;
}
