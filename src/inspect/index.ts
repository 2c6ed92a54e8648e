export type {InspectInput, InspectionResult, Finding} from './types.ts';
export {Inspector, type InspectorOptions, type LocalCredentials} from './inspector.ts';
export {INSPECTION_LIMITS, type InspectionLimits} from './limits.ts';
