import { must, type TestApp } from './test-app';

export const CREATE_ASSESSMENT = `mutation A($input: AssessmentInput!) { createAssessment(input: $input) { id kind title questions { id prompt options multiple points correct } } }`;
export const ASSESSMENT_FOR = `query F($m: String!, $k: AssessmentKind!) { assessmentFor(moduleCode: $m, kind: $k) { id kind module { code } questions { id options multiple points correct } } }`;
export const SUBMIT = `mutation S($a: ID!, $s: ID, $ans: [AnswerInput!]!) { submitAssessment(assessmentId: $a, sessionId: $s, answers: $ans) { id score passed attemptNumber kind assessment { id } } }`;
export const FOLLOW_UP = `mutation F($input: FollowUpInput!) { submitFollowUp(input: $input) { id applied uses comment sessionId } }`;
export const ATTEND = `mutation A($s: ID!, $d: [ID!]!, $a: Boolean!) { recordAttendance(sessionId: $s, delegateIds: $d, attended: $a) { id status } }`;
export const COMPLETE = `mutation C($id: ID!) { completeSession(id: $id) { id status } }`;

/** Ten single-choice questions of one point each, option 0 right: a score is 10 × the right answers. */
export const tenQuestions = () =>
  Array.from({ length: 10 }, (_, i) => ({
    prompt: `Question ${i + 1}`,
    options: ['right', 'wrong', 'also wrong'],
    correct: [0],
    points: 1,
  }));

export async function createAssessment(
  t: TestApp,
  token: string,
  moduleCode: string,
  kind: 'PRE' | 'POST',
): Promise<{ id: string; questions: { id: string }[] }> {
  return must(
    await t.gql(
      CREATE_ASSESSMENT,
      { input: { moduleCode, kind, title: `${moduleCode} ${kind}`, questions: tenQuestions() } },
      token,
    ),
    'createAssessment',
  );
}

/** Answers that score exactly `score` (a multiple of 10) on a ten-question assessment. */
export function answersScoring(assessment: { questions: { id: string }[] }, score: number) {
  const right = score / 10;
  return assessment.questions.map((q, i) => ({ questionId: q.id, selected: [i < right ? 0 : 1] }));
}
