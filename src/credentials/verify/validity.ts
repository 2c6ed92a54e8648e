import type {Check} from '../report.ts';
import type {DataModel} from './context-check.ts';
import {abbreviate, quote, type JsonObject} from './json.ts';

/**
 * The `validity-period` stage: VC 2.0 validFrom/validUntil, VC 1.1
 * issuanceDate/expirationDate, compared with `now` allowing a small clock
 * skew. Expired and not-yet-valid are verdicts of their own, not failures.
 */
export type ValidityState = 'current' | 'expired' | 'not-yet-valid' | 'malformed';

export interface ValidityWindow {
  fromField: string;
  untilField: string;
  from?: Date;
  until?: Date;
}

export interface ValidityStage {
  check: Check;
  state: ValidityState;
  window: ValidityWindow;
}

// XML Schema dateTime, as the VC data models require; the timezone is optional there.
const DATE_TIME = /^-?\d{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]((0\d|1[0-3]):[0-5]\d|14:00))?$/i;

function parseDate(value: unknown): Date | undefined {
  if (typeof value !== 'string' || !DATE_TIME.test(value)) return undefined;
  // Without a timezone the instant would depend on this machine's; read it as UTC.
  const date = new Date(/(Z|[+-]\d\d:\d\d)$/i.test(value) ? value : `${value}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function fields(dataModel: DataModel | undefined): [string, string] {
  return dataModel === '1.1' ? ['issuanceDate', 'expirationDate'] : ['validFrom', 'validUntil'];
}

export function readValidityWindow(credential: JsonObject, dataModel: DataModel | undefined): {window: ValidityWindow; problems: string[]} {
  const [fromField, untilField] = fields(dataModel);
  const window: ValidityWindow = {fromField, untilField, from: parseDate(credential[fromField]), until: parseDate(credential[untilField])};
  const problems: string[] = [];
  for (const [field, date] of [[fromField, window.from], [untilField, window.until]] as const) {
    if (credential[field] !== undefined && date === undefined) {
      problems.push(`${field} ${quote(credential[field])} is not a valid date-time.`);
    }
  }
  if (dataModel === '1.1' && credential.issuanceDate === undefined) problems.push('A VC 1.1 credential must have an issuanceDate.');
  if (window.from && window.until && window.from > window.until) problems.push(`${fromField} is after ${untilField}.`);
  return {window, problems};
}

/**
 * A moment inside the credential's validity window, for the proof library:
 * its own date checks would otherwise hide whether the signature is good.
 */
export function instantWithin(window: ValidityWindow, now: Date): Date {
  if (window.until && now > window.until) return window.until;
  if (window.from && now < window.from) return window.from;
  return now;
}

export function checkValidityPeriod(
  credential: JsonObject,
  options: {dataModel: DataModel | undefined; now: Date; maxClockSkewSeconds: number},
): ValidityStage {
  const {window, problems} = readValidityWindow(credential, options.dataModel);
  if (problems.length > 0) return {check: {check: 'validity-period', result: 'failed', message: problems.join(' ')}, state: 'malformed', window};
  const skew = options.maxClockSkewSeconds * 1000;
  const now = options.now.getTime();
  // The dates as written (a fraction of a second may run long): quoted, so cut to length.
  const from = abbreviate(String(credential[window.fromField]));
  const until = abbreviate(String(credential[window.untilField]));
  if (window.until && now - skew > window.until.getTime()) {
    return {check: {check: 'validity-period', result: 'failed', message: `Expired: valid until ${until} (${window.untilField}).`}, state: 'expired', window};
  }
  if (window.from && now + skew < window.from.getTime()) {
    return {check: {check: 'validity-period', result: 'failed', message: `Not yet valid: valid from ${from} (${window.fromField}).`}, state: 'not-yet-valid', window};
  }
  const span = [window.from ? `from ${from}` : '', window.until ? `until ${until}` : 'with no end date'].filter(Boolean).join(' ');
  return {check: {check: 'validity-period', result: 'passed', message: `Currently valid: ${span}.`}, state: 'current', window};
}
