import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {Parser} from 'htmlparser2';
import {bakeSvg, unbakeSvg, SVG_NAMESPACE} from '../../../src/credentials/baking/index.ts';

const SVG = '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>';
const JSON_CREDENTIAL = JSON.stringify({type: ['VerifiableCredential'], note: 'a ]]> inside & <tags>'});
const JWT = 'eyJhbGciOiJFZERTQSJ9.eyJpc3MiOiJ4In0.c2lnbmF0dXJl';

/** Well-formedness by a strict reading: every element closed in order. */
function assertWellFormed(svg: string): void {
  const stack: string[] = [];
  const parser = new Parser({
    onopentag: (name) => stack.push(name),
    onclosetag: (name) => assert.equal(stack.pop(), name),
  }, {xmlMode: true});
  parser.write(svg);
  parser.end();
  assert.deepEqual(stack, []);
}

describe('SVG baking', () => {
  it('round-trips JSON in CDATA, even JSON containing "]]>"', () => {
    const baked = bakeSvg(SVG, JSON_CREDENTIAL);
    assert.match(baked, /<openbadges:credential><!\[CDATA\[/);
    assert.ok(baked.includes(`xmlns:openbadges="${SVG_NAMESPACE}"`));
    assertWellFormed(baked);
    assert.equal(unbakeSvg(baked), JSON_CREDENTIAL);
  });

  it('bakes a compact JWT as the verify attribute', () => {
    const baked = bakeSvg(SVG, JWT);
    assert.match(baked, new RegExp(`<openbadges:credential verify="${JWT}"/>`));
    assert.equal(unbakeSvg(baked), JWT);
  });

  it('refuses to bake twice and reads null from an unbaked SVG', () => {
    assert.throws(() => bakeSvg(bakeSvg(SVG, JWT), JWT), /already carries/);
    assert.equal(unbakeSvg(SVG), null);
  });

  it('ignores a credential element in another namespace (a look-alike prefix)', () => {
    const fake = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://evil.example/ns"><openbadges:credential verify="a.b.c"/></svg>';
    assert.equal(unbakeSvg(fake), null);
  });

  it('honours whatever prefix the document binds to the OB 3.0 namespace', () => {
    const other = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:ob="${SVG_NAMESPACE}"><ob:credential><![CDATA[{"a":1}]]></ob:credential></svg>`;
    assert.equal(unbakeSvg(other), '{"a":1}');
  });

  it('does not expand entities from a DTD (billion laughs) nor external entities', () => {
    const lol = `<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY x SYSTEM "file:///etc/passwd">]>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="${SVG_NAMESPACE}"><openbadges:credential>&c;&x;</openbadges:credential></svg>`;
    const text = unbakeSvg(lol);
    assert.ok(text === null || (!text.includes('aaaa') && !text.includes('root:')), `no expansion: ${text}`);
  });

  it('refuses a document that is not an SVG', () => {
    assert.throws(() => unbakeSvg('<html><body>hi</body></html>'), /not an SVG/);
    assert.throws(() => bakeSvg('just text', JWT), /not an SVG/);
  });
});
