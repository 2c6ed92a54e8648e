/**
 * A repository's front page on GitHub or GitLab is mostly chrome, and
 * GitLab renders its README in the browser; the README itself is what
 * carries the badges. Other URLs are fetched as given.
 */
export function readmeUrl(url: string): {url: string; accept: string; base: string} | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  const segments = parsed.pathname.split('/').filter((segment) => segment !== '');
  if (parsed.hostname === 'github.com' && segments.length === 2) {
    // GitHub's API renders the README as GitHub shows it (HTML, image URLs kept in data-canonical-src).
    const repository = `${segments[0]}/${segments[1].replace(/\.git$/, '')}`;
    // Relative links in a README are relative to the file in the default branch.
    return {url: `https://api.github.com/repos/${repository}/readme`, accept: 'application/vnd.github.html+json', base: `https://github.com/${repository}/blob/HEAD/`};
  }
  if (parsed.hostname === 'gitlab.com' && segments.length >= 2 && !segments.includes('-')) {
    const project = segments.join('/').replace(/\.git$/, '');
    return {url: `https://gitlab.com/${project}/-/raw/HEAD/README.md`, accept: 'text/markdown, text/plain', base: `https://gitlab.com/${project}/-/blob/HEAD/`};
  }
  return null;
}
