export {Jobs, JOBS_QUEUE, type JobHandler, type JobsOptions} from './jobs.ts';
export {derivedUuid} from './derived-ids.ts';
