export {CargoVetService, type ImportRequest, type ImportResult, type CargoVetDependencies} from './imports.ts';
export type {ImportedEntry, ImportCounts} from './plan.ts';
export {MAX_AUDITS_BYTES} from './audits-file.ts';
