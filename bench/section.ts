import type {Corpus} from './corpus.ts';

/** One section of `npm run bench`: a module in bench/sections/ exporting `section`. */
export interface BenchContext {
  corpus: Corpus;
  quick: boolean;
}

/** One measured quantity; `ratio` is ours ÷ reference for rates, reference ÷ ours for times. */
export interface Row {
  metric: string;
  unit: string;
  ours?: number;
  reference?: number;
  ratio?: number;
  note?: string;
}

export type SectionResult = {name: string; rows: Row[]} | {name: string; notAvailable: string};

export interface Section {
  name: string;
  run(context: BenchContext): Promise<SectionResult>;
}

/**
 * Runs `ours` and `reference` over the same number of items, interleaved in
 * rounds so that noise from other processes hits both alike; returns
 * operations per second for each.
 */
export async function interleaved(
  count: number,
  ours: (index: number) => Promise<unknown>,
  reference: (index: number) => Promise<unknown>,
  rounds = 5,
): Promise<{ours: number; reference: number}> {
  let oursMs = 0;
  let referenceMs = 0;
  const perRound = Math.ceil(count / rounds);
  for (let start = 0; start < count; start += perRound) {
    const end = Math.min(count, start + perRound);
    let t = performance.now();
    for (let i = start; i < end; i++) await ours(i);
    oursMs += performance.now() - t;
    t = performance.now();
    for (let i = start; i < end; i++) await reference(i);
    referenceMs += performance.now() - t;
  }
  return {ours: (count * 1000) / oursMs, reference: (count * 1000) / referenceMs};
}

export function rateRow(metric: string, rates: {ours: number; reference: number}, note?: string): Row {
  return {metric, unit: 'ops/s', ours: rates.ours, reference: rates.reference, ratio: rates.ours / rates.reference, ...(note ? {note} : {})};
}
