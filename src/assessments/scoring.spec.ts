import { AnswerError, scoreAnswers, type ScorableQuestion } from './scoring';

const questions: ScorableQuestion[] = [
  { id: 'q1', options: ['a', 'b', 'c'], correct: [1], points: 2 },
  { id: 'q2', options: ['a', 'b', 'c', 'd'], correct: [0, 3], points: 1 },
  { id: 'q3', options: ['yes', 'no'], correct: [], points: 5 },
];

describe('scoreAnswers', () => {
  it('gives the points of exactly right answers over all scored points', () => {
    expect(
      scoreAnswers(questions, [
        { questionId: 'q1', selected: [1] },
        { questionId: 'q2', selected: [3, 0] },
      ]).score,
    ).toBe(100);
    expect(scoreAnswers(questions, [{ questionId: 'q1', selected: [1] }]).score).toBe(66.67);
    expect(scoreAnswers(questions, [{ questionId: 'q2', selected: [0, 3] }]).score).toBe(33.33);
    expect(scoreAnswers(questions, []).score).toBe(0);
  });

  it('gives nothing for a partly right multiple-choice answer', () => {
    expect(scoreAnswers(questions, [{ questionId: 'q2', selected: [0] }]).score).toBe(0);
    expect(scoreAnswers(questions, [{ questionId: 'q2', selected: [0, 1, 3] }]).score).toBe(0);
  });

  it('does not count survey questions (no correct option)', () => {
    expect(
      scoreAnswers(questions, [
        { questionId: 'q3', selected: [0] },
        { questionId: 'q1', selected: [1] },
      ]).score,
    ).toBe(66.67);
    expect(scoreAnswers([questions[2]], [{ questionId: 'q3', selected: [1] }]).score).toBe(0);
  });

  it('stores the options sorted', () => {
    expect(scoreAnswers(questions, [{ questionId: 'q2', selected: [3, 0] }]).answers).toEqual([
      { questionId: 'q2', selected: [0, 3] },
    ]);
  });

  it.each([
    [[{ questionId: 'nope', selected: [0] }], /no question nope/],
    [[{ questionId: 'q1', selected: [3] }], /out of range 0..2/],
    [[{ questionId: 'q1', selected: [-1] }], /out of range/],
    [[{ questionId: 'q1', selected: [0.5] }], /out of range/],
    [[{ questionId: 'q2', selected: [0, 0] }], /chosen twice/],
    [[{ questionId: 'q1', selected: [0, 1] }], /takes one option/],
    [
      [
        { questionId: 'q1', selected: [1] },
        { questionId: 'q1', selected: [1] },
      ],
      /answered twice/,
    ],
  ])('refuses %j', (answers, message) => {
    expect(() => scoreAnswers(questions, answers)).toThrow(AnswerError);
    expect(() => scoreAnswers(questions, answers)).toThrow(message);
  });
});
