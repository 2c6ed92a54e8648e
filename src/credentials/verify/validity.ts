import type {Check} from '../report.ts';
import type {DataModel} from './context-check.ts';
import {abbreviate, quote, type JsonObject} from './json.ts';

/**
 * The `validity-period` stage: VC 2.0 validFrom/validUntil, VC 1.1
 * issuanceDate/expirationDate (and validFrom/validUntil when present), compared with `now` allowing a small clock
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

/**
 * The date properties that bound the window, earliest first. VC 1.1 names
 * issuanceDate/expirationDate, but a 1.1 credential may carry validFrom and
 * validUntil too (the credentials/v1 context defines them, and they are
 * signed): every bound it states applies, so none can be hidden by another.
 */
function fields(dataModel: DataModel | undefined): {from: string[]; until: string[]} {
  return dataModel === '1.1'
    ? {from: ['issuanceDate', 'validFrom'], until: ['expirationDate', 'validUntil']}
    : {from: ['validFrom'], until: ['validUntil']};
}

/** The most restrictive of the bounds present: the latest start, or the earliest end. */
function tightest(credential: JsonObject, dates: Map<string, Date | undefined>, names: string[], later: boolean): {field: string; date?: Date} {
  let best: {field: string; date?: Date} = {field: names.find((name) => credential[name] !== undefined) ?? names[0]};
  for (const field of names) {
    const date = dates.get(field);
    if (date && (!best.date || (later ? date > best.date : date < best.date))) best = {field, date};
  }
  return best;
}

export function readValidityWindow(credential: JsonObject, dataModel: DataModel | undefined): {window: ValidityWindow; problems: string[]} {
  const names = fields(dataModel);
  // Each date is read once, for the window and for the problems alike.
  const dates = new Map<string, Date | undefined>();
  for (const field of [...names.from, ...names.until]) dates.set(field, credential[field] === undefined ? undefined : parseDate(credential[field]));
  const from = tightest(credential, dates, names.from, true);
  const until = tightest(credential, dates, names.until, false);
  const window: ValidityWindow = {fromField: from.field, untilField: until.field, from: from.date, until: until.date};
  const problems: string[] = [];
  for (const [field, date] of dates) {
    if (credential[field] !== undefined && date === undefined) {
      problems.push(`${field} ${quote(credential[field])} is not a valid date-time.`);
    }
  }
  if (dataModel === '1.1' && credential.issuanceDate === undefined) problems.push('A VC 1.1 credential must have an issuanceDate.');
  if (isInverted(window)) problems.push(`${window.untilField} is before ${window.fromField}: there is no instant at which it is valid.`);
  return {window, problems};
}

function isInverted(window: ValidityWindow): boolean {
  return window.from !== undefined && window.until !== undefined && window.from > window.until;
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

/**
 * The instant and clock skew for the proof library, which checks the dates
 * again. An inverted window holds no instant (the validity stage fails it):
 * the midpoint, with a skew that reaches both ends, lets the library's date
 * checks pass, so the proof check says only whether the signature is good —
 * a failure there would read as a forgery.
 */
export function libraryClock(window: ValidityWindow, now: Date, maxClockSkewSeconds: number): {now: Date; maxClockSkewSeconds: number} {
  if (!isInverted(window) || !window.from || !window.until) return {now: instantWithin(window, now), maxClockSkewSeconds};
  const gap = window.from.getTime() - window.until.getTime();
  return {now: new Date(window.until.getTime() + gap / 2), maxClockSkewSeconds: Math.ceil(gap / 2000) + maxClockSkewSeconds};
}

/**
 * Where `now` falls in a well-formed window, allowing the clock skew: the
 * only part of the validity stage that depends on the clock (the rest is a
 * function of the credential's dates).
 */
export function validityState(window: ValidityWindow, now: Date, maxClockSkewSeconds: number): Exclude<ValidityState, 'malformed'> {
  const skew = maxClockSkewSeconds * 1000;
  const instant = now.getTime();
  if (window.until && instant - skew > window.until.getTime()) return 'expired';
  if (window.from && instant + skew < window.from.getTime()) return 'not-yet-valid';
  return 'current';
}

export function checkValidityPeriod(
  credential: JsonObject,
  options: {dataModel: DataModel | undefined; now: Date; maxClockSkewSeconds: number},
): ValidityStage {
  const {window, problems} = readValidityWindow(credential, options.dataModel);
  if (problems.length > 0) return {check: {check: 'validity-period', result: 'failed', message: problems.join(' ')}, state: 'malformed', window};
  const state = validityState(window, options.now, options.maxClockSkewSeconds);
  // The dates as written (a fraction of a second may run long): quoted, so cut to length.
  const from = abbreviate(String(credential[window.fromField]));
  const until = abbreviate(String(credential[window.untilField]));
  if (state === 'expired') {
    return {check: {check: 'validity-period', result: 'failed', message: `Expired: valid until ${until} (${window.untilField}).`}, state, window};
  }
  if (state === 'not-yet-valid') {
    return {check: {check: 'validity-period', result: 'failed', message: `Not yet valid: valid from ${from} (${window.fromField}).`}, state, window};
  }
  const span = [window.from ? `from ${from}` : '', window.until ? `until ${until}` : 'with no end date'].filter(Boolean).join(' ');
  return {check: {check: 'validity-period', result: 'passed', message: `Currently valid: ${span}.`}, state: 'current', window};
}
