/**
 * A JWS in compact serialization (RFC 7515 §7.1): three base64url parts, the
 * last (signature) possibly empty. The one test of "this text is a VC-JWT"
 * shared by parsing, baking and sniffing, so they never disagree.
 */
export const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
