export {bakePng, unbakePng, PNG_KEYWORD, MAX_BAKED_TEXT_BYTES, type BakeOptions} from './png.ts';
export {bakeSvg, unbakeSvg, SVG_NAMESPACE, SvgFormatError} from './svg.ts';
export {isPng, PngFormatError} from './png-chunks.ts';
export {BakedCredentials} from './baked-credentials.ts';
export {badgePng, badgeSvg} from './badge-images.ts';
