// The package is CommonJS (`module.exports = serialize`) but ships an ES-style
// declaration, which NodeNext reads as a namespace without a callable default.
// Declared here as what Node actually gives an ESM import: the function itself.
declare module 'canonicalize' {
  /** RFC 8785 (JCS) canonical JSON; undefined for values JSON cannot represent. */
  export default function canonicalize(input: unknown): string | undefined;
}
