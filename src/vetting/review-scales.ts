import {HallmarkError} from '../errors.ts';
import {LEVELS, RATINGS, type Level, type Rating} from './model.ts';

/**
 * What each value of a review's thoroughness, understanding and rating
 * means: the one source the review form, the API's error messages, GET
 * /api/v1/review-scales and the README's table are all drawn from.
 */
export interface ReviewScale<V extends string> {
  field: 'thoroughness' | 'understanding' | 'rating';
  label: string;
  question: string;
  values: ReadonlyArray<{value: V; meaning: string}>;
}

export const THOROUGHNESS: ReviewScale<Level> = {
  field: 'thoroughness',
  label: 'Thoroughness',
  question: 'How much of the release did you read?',
  values: [
    {value: 'none', meaning: 'did not read the code: judged from its documentation, tests or reputation'},
    {value: 'low', meaning: 'skimmed the code and read the parts that looked risky'},
    {value: 'medium', meaning: 'read most of the code, and every part that touches files, the network, processes or dynamic code'},
    {value: 'high', meaning: 'read every line of the release, build and install scripts and bundled files included'},
  ],
};

export const UNDERSTANDING: ReviewScale<Level> = {
  field: 'understanding',
  label: 'Understanding',
  question: 'How well did you understand what you read?',
  values: [
    {value: 'none', meaning: 'could not follow what the code does'},
    {value: 'low', meaning: 'understood its general purpose, not every part'},
    {value: 'medium', meaning: 'understood what each part does and why'},
    {value: 'high', meaning: 'understood it well enough to maintain it'},
  ],
};

export const RATING: ReviewScale<Rating> = {
  field: 'rating',
  label: 'Rating',
  question: 'What is your verdict on the criteria you name?',
  values: [
    {value: 'negative', meaning: 'does not meet the criteria: do not rely on it'},
    {value: 'neutral', meaning: 'found nothing that decides either way'},
    {value: 'positive', meaning: 'meets the criteria'},
    {value: 'strong', meaning: 'meets the criteria with room to spare: clear, careful code and nothing of concern'},
  ],
};

export const REVIEW_SCALES = [THOROUGHNESS, UNDERSTANDING, RATING] as const;

// The model's value lists and these explanations must name the same values in the same order.
for (const [scale, values] of [[THOROUGHNESS, LEVELS], [UNDERSTANDING, LEVELS], [RATING, RATINGS]] as const) {
  if (scale.values.map((entry) => entry.value).join() !== values.join()) throw new Error(`review scale ${scale.field} does not match the model`);
}

/** "none (did not read the code…), low (…), …": the allowed values with their meanings. */
export function allowedValues(scale: ReviewScale<string>): string {
  return scale.values.map((entry) => `${entry.value} (${entry.meaning})`).join(', ');
}

/** A refused review whose scale fields were wrong names each allowed value and what it means. */
export function explainScaleProblems(error: unknown): unknown {
  if (!(error instanceof HallmarkError)) return error;
  let changed = false;
  const problems = error.problems.map((problem) => {
    const scale = REVIEW_SCALES.find((candidate) => problem.field === `/${candidate.field}`);
    if (!scale) return problem;
    changed = true;
    return {field: problem.field, problem: `${problem.problem === 'is required' ? 'is required and' : ''} must be one of: ${allowedValues(scale)}`.trim()};
  });
  return changed ? new HallmarkError(error.kind, error.message, problems) : error;
}

/** The README's table of the scales (test/vetting/review-scales.test.ts holds the README to it). */
export function scalesMarkdown(): string {
  const rows = REVIEW_SCALES.flatMap((scale) => scale.values.map((entry, index) => `| ${index === 0 ? `\`${scale.field}\` — ${scale.question}` : ''} | \`${entry.value}\` | ${entry.meaning} |`));
  return ['| field | value | meaning |', '|---|---|---|', ...rows].join('\n');
}
