/**
 * Where the big Open Badges 2.0 hosts publish the assertion behind a
 * badge's public page. A person pastes (or a résumé links) the page; what
 * can be verified is the hosted assertion, so the page URL is rewritten to
 * it. Each rule cites where its URL pattern is documented. Only fixed
 * rewrites on the host's own domains (or the same origin) are made: a page
 * never decides where we fetch.
 */
interface HostRule {
  name: string;
  /** The assertion URL for a page URL, or undefined when the URL is not one of this host's badge pages. */
  assertion(url: URL): string | undefined;
}

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

const RULES: HostRule[] = [
  {
    // Credly (formerly Acclaim): public badge pages are https://www.credly.com/badges/<badge id>[/public_url];
    // the OB 2.0 hosted assertion is GET https://api.credly.com/v1/obi/v2/badge_assertions/<badge id>
    // ("OBI Methods: Get Badge Assertion", https://api.credly.com/docs/obi_specified_endpoints).
    name: 'Credly',
    assertion(url) {
      if (!/^(www\.)?(credly|youracclaim)\.com$/.test(url.hostname)) return undefined;
      const match = new RegExp(`^/badges/(${UUID})(/public_url|/linked_in_profile)?/?$`, 'i').exec(url.pathname);
      return match ? `https://api.credly.com/v1/obi/v2/badge_assertions/${match[1].toLowerCase()}` : undefined;
    },
  },
  {
    // Badgr / Canvas Credentials (badgr-server, apps/issuer/public_api_urls.py): the JSON of an assertion is
    // https://api[.<region>].badgr.io/public/assertions/<entity id>, where the app shows it at
    // https://[<region>.]badgr.com/public/assertions/<entity id>; its JSON views redirect any request
    // accepting text/html to the app (public_api.py, JSONComponentView.is_requesting_html), so the API URL is
    // asked for directly, as JSON. Regions: "Regional Environments",
    // https://developerdocs.instructure.com/services/credentials/getting-started.
    name: 'Badgr / Canvas Credentials',
    assertion(url) {
      const match = /^\/public\/assertions\/([A-Za-z0-9_-]{10,64})\/?$/.exec(url.pathname);
      if (!match) return undefined;
      const region = /^(?:api\.)?(?:(eu|au|ca|sg)\.)?badgr\.(?:com|io)$/.exec(url.hostname);
      if (region) return `https://api.${region[1] ? `${region[1]}.` : ''}badgr.io/public/assertions/${match[1]}`;
      // Canvas Credentials' US app domain serves the same public pages.
      if (url.hostname === 'badges.parchment.com') return `https://api.badgr.io/public/assertions/${match[1]}`;
      return undefined;
    },
  },
  {
    // Open Badge Factory: an assertion's human page is its hosted assertion URL with ".html"
    // (https://openbadgefactory.com/v1/assertion/<id>.html); without it, the URL serves the OB 2.0 JSON.
    name: 'Open Badge Factory',
    assertion(url) {
      if (url.hostname !== 'openbadgefactory.com' && url.hostname !== 'eu.openbadgefactory.com') return undefined;
      const match = /^\/v1\/assertion\/([0-9a-f]{20,64})(\.html|\.json)?$/i.exec(url.pathname);
      return match ? `https://${url.hostname}/v1/assertion/${match[1]}` : undefined;
    },
  },
  {
    // BadgeFed (any instance, so same origin only): a grant's page is /view/grant/<note id>; its OB 2.0
    // assertion is /openbadge/<note id>, which redirects browsers (Accept: text/html) back to the page
    // (tryvocalcat/badgefed, src/BadgeFed/Controllers/OpenBadgeController.cs, GetOpenBadge).
    name: 'BadgeFed',
    assertion(url) {
      const match = /^\/view\/grant\/([A-Za-z0-9_-]{1,128})\/?$/.exec(url.pathname);
      return match ? `${url.origin}/openbadge/${match[1]}` : undefined;
    },
  },
];

/** The OB 2.0 assertion a big host publishes for this badge page (or assertion URL), with the host's name; undefined for any other URL. */
export function publishedAssertion(pageUrl: string): {host: string; url: string} | undefined {
  let url: URL;
  try {
    url = new URL(pageUrl);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  for (const rule of RULES) {
    const assertion = rule.assertion(url);
    if (assertion !== undefined) return {host: rule.name, url: assertion};
  }
  return undefined;
}
