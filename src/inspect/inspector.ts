import type {Verify} from '../credentials/verify/index.ts';
import type {InstanceUrls} from '../credentials/instance-urls.ts';
import type {Fetcher} from '../net/fetcher.ts';
import {Inspection} from './inspection.ts';
import {INSPECTION_LIMITS, type InspectionLimits} from './limits.ts';
import type {InspectInput, InspectionResult} from './types.ts';

export interface LocalCredentials {
  urls: InstanceUrls;
  /** One of this instance's credentials by UUID; null when there is none. */
  credential(uuid: string): Promise<Record<string, unknown> | null>;
  /**
   * One of this instance's public pages (a package, reviewer or community
   * page) as HTML, rendered as it is served; undefined when `url` names no
   * such page, null when it names one that does not exist. Our own pages
   * are never fetched: the fetcher would refuse a loopback address, and a
   * server behind a proxy may not reach its public URL at all.
   */
  page?(url: string): Promise<string | null | undefined>;
}

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

  inspect(input: InspectInput): Promise<InspectionResult> {
    return new Inspection(this.#options, this.#limits).run(input);
  }
}
