export {recogniseOb2, looksLikeOb2, type Ob2Input} from './input.ts';
export {verifyOb2, type Ob2Context} from './verify.ts';
export {publishedAssertion} from './big-hosts.ts';
