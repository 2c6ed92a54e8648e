import assert from 'node:assert/strict';

/**
 * Timing guards that hold on a loaded machine: every duration is compared
 * with a baseline measured in the same process, moments apart, and each is
 * the fastest of a few runs (the one least disturbed by other work), so a
 * busy CI box slows both sides alike instead of failing the test.
 */
export async function fastest(work: () => unknown, runs = 3): Promise<number> {
  let best = Infinity;
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    await work();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

/**
 * Asserts that `work(size)` grows at most linearly: `factor` times the input
 * may take at most 3 × `factor` times as long (plus `slackMs` for timer
 * noise). A quadratic or backtracking cost fails by a wide margin.
 */
export async function assertLinear(work: (size: number) => unknown, size: number, {factor = 10, slackMs = 50, runs = 3} = {}): Promise<void> {
  await work(size);
  const small = await fastest(() => work(size), runs);
  const large = await fastest(() => work(size * factor), runs);
  assert.ok(large <= 3 * factor * small + slackMs, `${factor}× the input took ${Math.round(large)} ms against ${small.toFixed(1)} ms: worse than linear`);
}

/** Asserts that `work` costs at most `ratio` times `baseline` (plus `slackMs`): what the work must not do is what makes it dearer. */
export async function assertNoDearerThan(work: () => unknown, baseline: () => unknown, {ratio = 3, slackMs = 50, runs = 3, warmUp = true} = {}): Promise<void> {
  if (warmUp) await baseline();
  const base = await fastest(baseline, runs);
  const measured = await fastest(work, runs);
  assert.ok(measured <= ratio * base + slackMs, `took ${Math.round(measured)} ms against a baseline of ${base.toFixed(1)} ms (at most ${ratio}× allowed)`);
}
