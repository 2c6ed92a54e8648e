import {html, type Html} from './html.ts';

/** What a shared link previews as (Open Graph and Twitter cards). */
export interface PageMeta {
  title: string;
  description: string;
  /** Absolute URL of this page. */
  url?: string;
  /** Absolute URL of the preview image. */
  image?: string;
}

export const STYLESHEET_PATH = '/assets/hallmark.css';

/** The one layout: no script anywhere, one stylesheet from our origin. */
export function layout(meta: PageMeta, body: Html): string {
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
</head>
<body>
<header class="site"><a href="/verify" class="brand">Hallmark</a> <nav><a href="/verify">Verify a badge</a></nav></header>
<main>
${body}
</main>
<footer class="site">Open Badges 3.0 credentials, verified by Hallmark.</footer>
</body>
</html>
`.value;
}
