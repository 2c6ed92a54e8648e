// Regenerates contexts/ from the npm context packages and the OB 3.0 spec copy
// in ../shared/interop. Run by hand when a pinned context changes; the result
// is committed, and the loader refuses any file whose digest differs.
import {createHash} from 'node:crypto';
import {copyFileSync, readFileSync, writeFileSync} from 'node:fs';
import {join, resolve} from 'node:path';

const root = resolve(import.meta.dirname, '..');
const modules = join(root, 'node_modules');
const spec = resolve(root, '../shared/interop/ob3-spec/contexts');

const pins: Array<{url: string; from: string; file: string; source: string}> = [
  {url: 'https://www.w3.org/ns/credentials/v2', from: join(modules, '@digitalbazaar/credentials-context/contexts/v2.jsonld'), file: 'credentials-v2.json', source: 'npm @digitalbazaar/credentials-context'},
  {url: 'https://www.w3.org/2018/credentials/v1', from: join(modules, '@digitalbazaar/credentials-context/contexts/v1.jsonld'), file: 'credentials-v1.json', source: 'npm @digitalbazaar/credentials-context'},
  {url: 'https://w3id.org/security/data-integrity/v1', from: join(modules, '@digitalbazaar/data-integrity-context/contexts/data-integrity-v1.jsonld'), file: 'data-integrity-v1.json', source: 'npm @digitalbazaar/data-integrity-context'},
  {url: 'https://w3id.org/security/data-integrity/v2', from: join(modules, '@digitalbazaar/data-integrity-context/contexts/data-integrity-v2.jsonld'), file: 'data-integrity-v2.json', source: 'npm @digitalbazaar/data-integrity-context'},
  {url: 'https://w3id.org/security/multikey/v1', from: join(modules, '@digitalbazaar/multikey-context/contexts/multikey-v1.jsonld'), file: 'multikey-v1.json', source: 'npm @digitalbazaar/multikey-context'},
  {url: 'https://w3id.org/security/suites/ed25519-2020/v1', from: join(modules, 'ed25519-signature-2020-context/contexts/ed25519-signature-2020-v1.jsonld'), file: 'ed25519-2020-v1.json', source: 'npm ed25519-signature-2020-context'},
  {url: 'https://w3id.org/security/suites/x25519-2020/v1', from: join(modules, 'x25519-key-agreement-2020-context/contexts/x25519-key-agreement-2020-v1.json'), file: 'x25519-2020-v1.json', source: 'npm x25519-key-agreement-2020-context'},
  {url: 'https://www.w3.org/ns/did/v1', from: join(modules, 'did-context/contexts/did-v1.jsonld'), file: 'did-v1.json', source: 'npm did-context'},
  {url: 'https://www.w3.org/ns/credentials/status/v1', from: join(modules, '@digitalbazaar/vc-bitstring-status-list-context/contexts/vc-bitstring-status-list-v1.jsonld'), file: 'bitstring-status-list-v1.json', source: 'npm @digitalbazaar/vc-bitstring-status-list-context'},
  {url: 'https://purl.imsglobal.org/spec/ob/v3p0/context.json', from: join(spec, 'context.json'), file: 'ob-context-3.0.0.json', source: '1EdTech openbadges-specification (see ../shared/interop/README.md)'},
  {url: 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json', from: join(spec, 'context-3.0.1.json'), file: 'ob-context-3.0.1.json', source: '1EdTech openbadges-specification'},
  {url: 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json', from: join(spec, 'context-3.0.2.json'), file: 'ob-context-3.0.2.json', source: '1EdTech openbadges-specification'},
  {url: 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json', from: join(spec, 'context-3.0.3.json'), file: 'ob-context-3.0.3.json', source: '1EdTech openbadges-specification'},
  {url: 'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json', from: join(spec, 'extensions.json'), file: 'ob-extensions.json', source: '1EdTech digital-credentials-public-validator bundled copy'},
];

const manifest: Record<string, {file: string; sha256: string; source: string; scope?: 'activitypub'}> = {};
for (const pin of pins) {
  copyFileSync(pin.from, join(root, 'contexts', pin.file));
  const sha256 = createHash('sha256').update(readFileSync(pin.from)).digest('hex');
  manifest[pin.url] = {file: pin.file, sha256, source: pin.source};
}
// The same 3.0.0 bytes are also published on the spec's GitHub Pages site.
manifest['https://imsglobal.github.io/openbadges-specification/context.json'] =
  {...manifest['https://purl.imsglobal.org/spec/ob/v3p0/context.json']};
// DCC's context ships only as a JS module; serialise it once.
const dcc = (await import(join(modules, '@digitalcredentials/dcc-context/js/context.js'))).default;
const dccText = JSON.stringify(dcc, null, 2) + '\n';
writeFileSync(join(root, 'contexts', 'dcc-v1.json'), dccText);
manifest['https://w3id.org/dcc/v1'] = {file: 'dcc-v1.json', sha256: createHash('sha256').update(dccText).digest('hex'), source: 'npm @digitalcredentials/dcc-context'};

// ActivityPub's contexts, as Fedify itself preloads them (it would otherwise fetch them).
// They are served to the federation code only (scope "activitypub"): credentials
// keep to the VC and Open Badges contexts above.
const {preloadedContexts} = await import(join(modules, '@fedify/vocab-runtime/dist/mod.js')) as {preloadedContexts: Record<string, unknown>};
for (const [url, document] of Object.entries(preloadedContexts)) {
  if (manifest[url]) continue;
  const file = `ap-${url.replace(/^https?:\/\//, '').replace(/\.json$/, '').replace(/[^A-Za-z0-9.-]+/g, '-').replace(/-+$/, '')}.json`;
  const text = JSON.stringify(document, null, 2) + '\n';
  writeFileSync(join(root, 'contexts', file), text);
  manifest[url] = {file, sha256: createHash('sha256').update(text).digest('hex'), source: 'npm @fedify/vocab-runtime 2.3.6 (preloadedContexts)', scope: 'activitypub'};
}

writeFileSync(join(root, 'contexts', 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
console.log(`pinned ${Object.keys(manifest).length} context URLs`);
