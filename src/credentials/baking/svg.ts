import {Parser} from 'htmlparser2';
import {MAX_BAKED_TEXT_BYTES} from './png.ts';
import {COMPACT_JWS} from '../compact-jws.ts';

/** OB 3.0 §5.3: the namespace of the element a credential is baked into. */
export const SVG_NAMESPACE = 'https://purl.imsglobal.org/ob/v3p0';
/** OB 2.0 Baking: `<openbadges:assertion>` in this namespace, with a `verify` attribute (URL or JWS) or the assertion JSON as content. */
export const OB2_SVG_NAMESPACE = 'http://openbadges.org';
/** htmlparser2's open-element stack is quadratic in depth (Array#unshift); badge images nest a handful deep. */
const MAX_ELEMENT_DEPTH = 1000;

export class SvgFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SvgFormatError';
  }
}

interface Element {
  name: string;
  attributes: Record<string, string>;
  /** Namespace prefixes in scope here. */
  prefixes: Map<string, string>;
}

interface Scan {
  root: {name: string; openTagEnd: number; selfClosing: boolean; declaresNamespace: boolean} | null;
  credentials: string[];
  /** OB 2.0 assertions (their URL, JWS or JSON), read only when there is no OB 3.0 credential. */
  assertions: string[];
}

/**
 * Bakes `credential` into an SVG right after its root start tag: a compact
 * JWT as the `verify` attribute, JSON as CDATA content (OB 3.0 §5.3.2).
 */
export function bakeSvg(svg: string, credential: string): string {
  const scan = scanSvg(svg);
  if (!scan.root || scan.root.name !== 'svg') throw new SvgFormatError('not an SVG document (no <svg> root element)');
  if (scan.root.selfClosing) throw new SvgFormatError('the SVG root element is empty');
  if (scan.credentials.length > 0) throw new SvgFormatError('the SVG already carries a baked credential');
  const text = credential.trim();
  const element = COMPACT_JWS.test(text)
    ? `<openbadges:credential verify="${text}"/>`
    // "]]>" inside the JSON would end the section early: split it across two.
    : `<openbadges:credential><![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]></openbadges:credential>`;
  const tagClose = scan.root.openTagEnd;
  const declaration = scan.root.declaresNamespace ? '' : ` xmlns:openbadges="${SVG_NAMESPACE}"`;
  return svg.slice(0, tagClose) + declaration + svg.slice(tagClose, tagClose + 1) + element + svg.slice(tagClose + 1);
}

/** The baked credential text (OB 3.0, else an OB 2.0 assertion's URL, JWS or JSON), or null when the SVG carries none. */
export function unbakeSvg(svg: string): string | null {
  const {root, credentials, assertions} = scanSvg(svg);
  if (!root || root.name !== 'svg') throw new SvgFormatError('not an SVG document (no <svg> root element)');
  if (credentials.length > 1) throw new SvgFormatError(`the SVG carries ${credentials.length} baked credentials; OB 3.0 allows one`);
  if (credentials.length === 1) return credentials[0];
  if (assertions.length > 1) throw new SvgFormatError(`the SVG carries ${assertions.length} baked assertions; OB 2.0 allows one`);
  return assertions[0] ?? null;
}

/**
 * One pass of a real XML tokenizer. htmlparser2 knows only the predefined
 * XML entities: no DTD, no entity definitions, no external entities, so
 * neither entity-expansion bombs nor file disclosure are possible.
 */
function scanSvg(svg: string): Scan {
  const scan: Scan = {root: null, credentials: [], assertions: []};
  const stack: Element[] = [];
  let collecting: string[] | null = null;
  let collected = 0;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        const prefixes = new Map(stack.at(-1)?.prefixes ?? []);
        for (const [attribute, value] of Object.entries(attributes)) {
          if (attribute.startsWith('xmlns:')) prefixes.set(attribute.slice(6), value);
        }
        const element: Element = {name, attributes, prefixes};
        if (scan.root === null) {
          const source = svg.slice(parser.startIndex, parser.endIndex + 1);
          scan.root = {name: localName(name), openTagEnd: parser.endIndex, selfClosing: source.endsWith('/>'), declaresNamespace: attributes['xmlns:openbadges'] === SVG_NAMESPACE};
        }
        stack.push(element);
        if (stack.length > MAX_ELEMENT_DEPTH) throw new SvgFormatError(`the SVG nests elements more than ${MAX_ELEMENT_DEPTH} deep`);
        const found = bakedList(element, scan);
        if (found) {
          if (typeof attributes.verify === 'string' && attributes.verify.trim() !== '') found.push(attributes.verify.trim());
          else collecting = [];
          collected = 0;
        }
      },
      ontext(text) {
        if (collecting === null) return;
        collected += text.length;
        if (collected > MAX_BAKED_TEXT_BYTES) throw new SvgFormatError(`the baked credential is larger than ${MAX_BAKED_TEXT_BYTES} bytes`);
        collecting.push(text);
      },
      onclosetag() {
        const element = stack.pop();
        const found = element && bakedList(element, scan);
        if (found && collecting !== null) {
          const text = collecting.join('').trim();
          if (text !== '') found.push(text);
          collecting = null;
        }
      },
    },
    {xmlMode: true, decodeEntities: true},
  );
  parser.write(svg);
  parser.end();
  return scan;
}

function isCredentialElement(element: Element): boolean {
  return isElement(element, 'credential', SVG_NAMESPACE);
}

/** Where an element's baked text goes: OB 3.0 credentials, OB 2.0 assertions, or nowhere. */
function bakedList(element: Element, scan: Scan): string[] | undefined {
  if (isCredentialElement(element)) return scan.credentials;
  if (isElement(element, 'assertion', OB2_SVG_NAMESPACE)) return scan.assertions;
  return undefined;
}

function isElement(element: Element, local: string, namespace: string): boolean {
  const colon = element.name.indexOf(':');
  if (colon < 0 || element.name.slice(colon + 1) !== local) return false;
  return element.prefixes.get(element.name.slice(0, colon)) === namespace;
}

function localName(name: string): string {
  return name.slice(name.indexOf(':') + 1).toLowerCase();
}
