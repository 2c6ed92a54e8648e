import {html, type Html} from './html.ts';

type Json = Record<string, unknown>;

/** `text with \`code\``: the backticked parts as <code>, everything escaped. */
function prose(text: string): Html {
  return html`${text.split(/\n\n+/).map((paragraph) => html`<p>${paragraph.split('`').map((part, index) => (index % 2 === 1 ? html`<code>${part}</code>` : part))}</p>`)}`;
}

function anchor(method: string, path: string): string {
  return `${method}-${path}`.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

function componentName(schema: unknown): string | null {
  const target = (schema as Json | null)?.$ref;
  return typeof target === 'string' && target.startsWith('#/components/schemas/') ? target.slice('#/components/schemas/'.length) : null;
}

/** A schema in a few words: its type, or a link to the component it names. */
function schemaSummary(schema: unknown): Html | string {
  const name = componentName(schema);
  if (name) return html`<a href="#schema-${name}">${name}</a>`;
  const value = schema as Json;
  if (Array.isArray(value?.enum)) return html`one of ${value.enum.map((item, index) => html`${index > 0 ? ', ' : ''}<code>${String(item)}</code>`)}`;
  if (Array.isArray(value?.oneOf)) return html`${value.oneOf.map((item, index) => html`${index > 0 ? ' or ' : ''}${schemaSummary(item)}`)}`;
  if (Array.isArray(value?.allOf)) return html`${value.allOf.map((item, index) => html`${index > 0 ? ' and ' : ''}${schemaSummary(item)}`)}`;
  if (value?.type === 'array') return html`array of ${schemaSummary(value.items)}`;
  return Array.isArray(value?.type) ? value.type.join(' or ') : String(value?.type ?? 'any');
}

function example(value: unknown): Html | string {
  if (value === undefined) return '';
  return html`<pre><code>${typeof value === 'string' ? value : JSON.stringify(value, null, 2)}</code></pre>`;
}

function content(body: Json | undefined): Html {
  const types = Object.entries((body?.content ?? {}) as Record<string, Json>);
  return html`${types.map(([type, media]) => html`<p><code>${type}</code>: ${schemaSummary(media.schema)}</p>${example(media.example)}`)}`;
}

function parameters(list: Json[]): Html | string {
  if (list.length === 0) return '';
  return html`<table class="list"><caption>Parameters</caption><thead><tr><th scope="col">name</th><th scope="col">in</th><th scope="col">value</th><th scope="col">meaning</th></tr></thead><tbody>
${list.map((parameter) => html`<tr><td><code>${String(parameter.name)}</code>${parameter.required ? ' (required)' : ''}</td><td>${String(parameter.in)}</td><td>${schemaSummary(parameter.schema)}</td><td>${String(parameter.description ?? '')}</td></tr>`)}
</tbody></table>`;
}

function responses(answers: Record<string, Json>): Html {
  return html`<table class="list"><caption>Answers</caption><thead><tr><th scope="col">status</th><th scope="col">meaning</th></tr></thead><tbody>
${Object.entries(answers).map(([status, answer]) => html`<tr><td>${status}</td><td>${String(answer.description ?? '')}${Number(status) < 400 ? content(answer) : html` <span class="muted">${Object.keys((answer.content ?? {}) as Json).join(', ')}</span>`}</td></tr>`)}
</tbody></table>`;
}

function operation(path: string, method: string, op: Json): Html {
  const id = anchor(method, path);
  const body = op.requestBody as Json | undefined;
  return html`<section aria-labelledby="${id}" class="operation">
<h3 id="${id}"><code>${method.toUpperCase()} ${path}</code></h3>
<p><strong>${String(op.summary ?? '')}</strong></p>
${prose(String(op.description ?? ''))}
${parameters((op.parameters ?? []) as Json[])}
${body ? html`<h4>Request body${body.required ? '' : ' (optional)'}</h4>${content(body)}` : ''}
${responses(op.responses as Record<string, Json>)}
</section>`;
}

/** The properties of an object schema, with every allowed value: what a caller may send. */
function properties(schema: Json, root: Json): Html | string {
  const props = Object.entries((schema.properties ?? {}) as Record<string, Json>);
  if (props.length === 0) return '';
  const required = new Set((schema.required ?? []) as string[]);
  const resolve = (value: Json): Json => {
    const target = value.$ref;
    if (typeof target !== 'string' || !target.startsWith('#/')) return value;
    return target.slice(2).split('/').reduce<Json>((node, key) => (node?.[key] ?? {}) as Json, root);
  };
  return html`<table class="list"><thead><tr><th scope="col">field</th><th scope="col">value</th><th scope="col">meaning</th></tr></thead><tbody>
${props.map(([name, value]) => html`<tr><td><code>${name}</code>${required.has(name) ? ' (required)' : ''}</td><td>${schemaSummary(resolve(value))}</td><td>${String(resolve(value).description ?? '')}</td></tr>`)}
</tbody></table>`;
}

/** The whole API reference, server-rendered from the OpenAPI document: no script. */
export function apiReferencePage(document: Json): Html {
  const paths = document.paths as Record<string, Record<string, Json>>;
  const tags = (document.tags ?? []) as Array<{name: string; description: string}>;
  const schemas = ((document.components as Json).schemas ?? {}) as Record<string, Json>;
  const byTag = new Map<string, Html[]>(tags.map((tag) => [tag.name, []]));
  for (const [path, methods] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(methods)) byTag.get(((op.tags ?? []) as string[])[0] ?? '')?.push(operation(path, method, op));
  }
  const info = document.info as Json;
  return html`<h1>Hallmark API reference</h1>
${prose(String(info.description ?? ''))}
<p>The same description as OpenAPI 3.1: <a href="/api/v1/openapi.json"><code>/api/v1/openapi.json</code></a>.</p>
<nav aria-label="API sections"><ul>${tags.map((tag) => html`<li><a href="#tag-${anchor('', tag.name)}">${tag.name}</a></li>`)}<li><a href="#schemas">Schemas</a></li></ul></nav>
${tags.map((tag) => html`<section aria-labelledby="tag-${anchor('', tag.name)}"><h2 id="tag-${anchor('', tag.name)}">${tag.name}</h2><p>${tag.description}</p>${byTag.get(tag.name) ?? []}</section>`)}
<section aria-labelledby="schemas"><h2 id="schemas">Schemas</h2>
${Object.entries(schemas).map(([name, schema]) => html`<section aria-labelledby="schema-${name}"><h3 id="schema-${name}">${name}</h3>${schema.title ? html`<p>${String(schema.title)}</p>` : ''}${schema.description ? prose(String(schema.description)) : ''}${properties(schema, schema)}
<details><summary>JSON Schema of ${name}</summary>${example(schema)}</details></section>`)}
</section>`;
}
