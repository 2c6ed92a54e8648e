/** Ready-to-paste snippets that show a badge and link it to its verification page. */
export interface EmbedSnippets {
  markdown: string;
  html: string;
  restructuredtext: string;
  imageUrl: string;
  pageUrl: string;
}

export function embedSnippets(imageUrl: string, pageUrl: string, label: string): EmbedSnippets {
  const alt = `${label} badge`.replace(/[\r\n]+/g, ' ');
  return {
    markdown: `[![${markdownText(alt)}](${markdownUrl(imageUrl)})](${markdownUrl(pageUrl)})`,
    html: `<a href="${htmlAttribute(pageUrl)}"><img src="${htmlAttribute(imageUrl)}" alt="${htmlAttribute(alt)}"></a>`,
    restructuredtext: `.. image:: ${rstUrl(imageUrl)}\n   :target: ${rstUrl(pageUrl)}\n   :alt: ${alt}`,
    imageUrl,
    pageUrl,
  };
}

/** The snippet is pasted into someone else's page, so every value is a quoted attribute made inert. */
function htmlAttribute(text: string): string {
  return text.replace(/[&<>"'`]/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** Brackets and backslashes would end or bend the link text; markup characters would render. */
function markdownText(text: string): string {
  return text.replace(/[\\`*_{}[\]()<>#+!|~-]/g, (char) => `\\${char}`);
}

/** Parentheses and spaces end a Markdown link destination. */
function markdownUrl(url: string): string {
  return url.replace(/[()\s<>]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

function rstUrl(url: string): string {
  return url.replace(/[\s`]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}
