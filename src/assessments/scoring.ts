/** A question as the scorer needs it. */
export interface ScorableQuestion {
  id: string;
  options: string[];
  correct: number[];
  points: number;
}

export interface Answer {
  questionId: string;
  selected: number[];
}

/** An answer that cannot be scored: which answer (index in the list) and why. */
export class AnswerError extends Error {
  constructor(
    readonly index: number,
    message: string,
  ) {
    super(message);
    this.name = 'AnswerError';
  }
}

/** Several options may be chosen when several are correct. */
export const isMultiple = (q: Pick<ScorableQuestion, 'correct'>): boolean => q.correct.length > 1;

/**
 * Checks the answers against the questions and scores them 0–100: the points of the questions answered exactly
 * right (the chosen options are the correct ones, no more, no fewer) over all the points, to two decimals.
 * A question left out scores nothing. Questions without a correct option (survey questions) score nothing and
 * count for nothing. Returns the answers normalised (options sorted) as they are stored.
 */
export function scoreAnswers(questions: ScorableQuestion[], answers: Answer[]): { score: number; answers: Answer[] } {
  const byId = new Map(questions.map((q) => [q.id, q]));
  const seen = new Set<string>();
  const normalised = answers.map((a, i): Answer => {
    const q = byId.get(a.questionId);
    if (!q)
      throw new AnswerError(i, `answers[${i}]: no question ${String(a.questionId).slice(0, 60)} in this assessment`);
    if (seen.has(q.id)) throw new AnswerError(i, `answers[${i}]: question ${q.id} is answered twice`);
    seen.add(q.id);
    const selected = [...a.selected].sort((x, y) => x - y);
    for (const option of selected) {
      if (!Number.isInteger(option) || option < 0 || option >= q.options.length) {
        throw new AnswerError(i, `answers[${i}]: option ${option} is out of range 0..${q.options.length - 1}`);
      }
    }
    if (new Set(selected).size !== selected.length)
      throw new AnswerError(i, `answers[${i}]: an option is chosen twice`);
    if (!isMultiple(q) && selected.length > 1) {
      throw new AnswerError(i, `answers[${i}]: question ${q.id} takes one option`);
    }
    return { questionId: q.id, selected };
  });

  const scored = questions.filter((q) => q.correct.length > 0);
  const total = scored.reduce((sum, q) => sum + q.points, 0);
  if (total === 0) return { score: 0, answers: normalised };
  const chosen = new Map(normalised.map((a) => [a.questionId, a.selected]));
  const earned = scored.reduce((sum, q) => {
    const picked = chosen.get(q.id) ?? [];
    const right = [...q.correct].sort((x, y) => x - y);
    const exact = picked.length === right.length && picked.every((o, k) => o === right[k]);
    return exact ? sum + q.points : sum;
  }, 0);
  return { score: Math.round((10_000 * earned) / total) / 100, answers: normalised };
}
