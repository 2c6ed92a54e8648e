import {html, Html} from './html.ts';

/** What a shared link previews as (Open Graph and Twitter cards). */
export interface PageMeta {
  title: string;
  description: string;
  /** Absolute URL of this page. */
  url?: string;
  /** Absolute URL of the preview image. */
  image?: string;
  /** Linked data about the page's subject (schema.org), embedded as application/ld+json. */
  jsonLd?: Record<string, unknown>;
}

/** Who is reading, for the header: signed in (with a token for the sign-out form) or not. */
export interface PageChrome {
  viewer: {handle: string} | null;
  signOutToken: string | null;
  /** The search box's current text. */
  query?: string;
}

export const STYLESHEET_PATH = '/assets/hallmark.css';

const SIGNED_OUT: PageChrome = {viewer: null, signOutToken: null};

/** The site's navigation: every page reaches the directory, verification and sign-in. */
function siteHeader(chrome: PageChrome): Html {
  const account = chrome.viewer
    ? html`<a href="/account" class="account">Signed in as <strong>${chrome.viewer.handle}</strong></a>${chrome.signOutToken ? html` <form method="post" action="/sign-out" class="inline"><input type="hidden" name="_csrf" value="${chrome.signOutToken}"><button type="submit" class="link">Sign out</button></form>` : ''}`
    : html`<a href="/sign-in" class="account">Sign in</a>`;
  return html`<header class="site">
<a href="/" class="brand">Hallmark</a>
<nav aria-label="Site"><ul>
<li><a href="/communities">Communities</a></li>
<li><a href="/packages">Packages</a></li>
<li><a href="/reviewers">Reviewers</a></li>
<li><a href="/verify">Verify a badge</a></li>
</ul></nav>
<form method="get" action="/search" role="search" class="site-search"><label for="site-search-q" class="visually-hidden">Search communities, packages and reviewers</label><input id="site-search-q" name="q" type="search" maxlength="200" placeholder="Search" value="${chrome.query ?? ''}"><button type="submit">Search</button></form>
<div class="who">${account}</div>
</header>`;
}

/** Linked data as a data block: `<` is escaped so no text can close the script element. */
function jsonLdBlock(data: Record<string, unknown>): Html {
  const json = JSON.stringify(data).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  return new Html(`<script type="application/ld+json">${json}</script>\n`);
}

/** The one layout: no executable script, one stylesheet from our origin. */
export function layout(meta: PageMeta, body: Html, chrome: PageChrome = SIGNED_OUT): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${meta.title} · Hallmark</title>
<meta name="description" content="${meta.description}">
<meta property="og:site_name" content="Hallmark">
<meta property="og:type" content="website">
<meta property="og:title" content="${meta.title}">
<meta property="og:description" content="${meta.description}">
${meta.url ? html`<meta property="og:url" content="${meta.url}">\n` : ''}${meta.image ? html`<meta property="og:image" content="${meta.image}">\n` : ''}<meta name="twitter:card" content="summary">
<meta name="twitter:title" content="${meta.title}">
<meta name="twitter:description" content="${meta.description}">
${meta.image ? html`<meta name="twitter:image" content="${meta.image}">\n` : ''}<link rel="stylesheet" href="${STYLESHEET_PATH}">
${meta.jsonLd ? jsonLdBlock(meta.jsonLd) : ''}</head>
<body>
<a href="#main" class="skip">Skip to the content</a>
${siteHeader(chrome)}
<main id="main">
${body}
</main>
<footer class="site">Open Badges 3.0 credentials, verified by Hallmark. <a href="/verify">Verify a badge</a></footer>
</body>
</html>
`.value;
}
