import type {Verify, VerifyOptions} from '../credentials/verify/index.ts';
import type {LocalCredentials} from './local.ts';
import type {Fetcher} from '../net/fetcher.ts';
import {Inspection} from './inspection.ts';
import {INSPECTION_LIMITS, type InspectionLimits} from './limits.ts';
import type {InspectInput, InspectionResult} from './types.ts';

export type {LocalCredentials} from './local.ts';

export interface InspectorOptions {
  /** The one verification pipeline (services.verify); the inspector finds credentials, it never judges them. */
  verify: Verify;
  /** The hardened fetcher; its allow-list and address policy apply to every URL an inspection follows. */
  fetcher: Fetcher;
  /** This instance, when there is one (the server; not the CLI): its URLs are read from the store, not fetched. */
  local?: LocalCredentials;
  limits?: Partial<InspectionLimits>;
}

/**
 * "Verify anything": finds the credentials in a URL, pasted text or an
 * uploaded file — following links from READMEs, résumés and pages within
 * a budget — and has each verified by the one pipeline.
 */
export class Inspector {
  readonly #options: InspectorOptions;
  readonly #limits: InspectionLimits;

  constructor(options: InspectorOptions) {
    this.#options = options;
    this.#limits = {...INSPECTION_LIMITS, ...options.limits};
  }

  /** `options.recipient`: whose the credentials should be; each report says, and another's badges are flagged suspicious. */
  inspect(input: InspectInput, options: VerifyOptions = {}): Promise<InspectionResult> {
    return new Inspection(this.#options, this.#limits, options).run(input);
  }
}
