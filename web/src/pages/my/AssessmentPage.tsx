import { useEffect, useId, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import type {
  AssessmentForQuery,
  AssessmentKind,
  EnrolmentStatus,
  GuidanceUse,
  MyAssessmentAttemptsQuery,
} from '../../gql/graphql';
import { errorKey } from '../../ui/errors';
import { DateText, SessionTimes } from '../../ui/time';
import { ErrorMessage, Field, Loading, Notice, PageTitle } from '../../ui/ui';
import './my.css';

const AssessmentSessionDocument = graphql(`
  query AssessmentSession($id: ID!) {
    session(id: $id) {
      id
      title
      startsAt
      endsAt
      timeZone
      status
      modules {
        id
        code
        title
        passMark
      }
      myEnrolment {
        id
        status
      }
    }
  }
`);

const AssessmentForDocument = graphql(`
  query AssessmentFor($kind: AssessmentKind!, $moduleCode: String!) {
    assessmentFor(kind: $kind, moduleCode: $moduleCode) {
      id
      title
      kind
      questions {
        id
        prompt
        options
        multiple
      }
    }
  }
`);

const MyAssessmentAttemptsDocument = graphql(`
  query MyAssessmentAttempts($sessionId: ID) {
    myAssessmentAttempts(sessionId: $sessionId) {
      id
      kind
      attemptNumber
      score
      passed
      submittedAt
      sessionId
      assessment {
        id
        module {
          id
          code
        }
      }
    }
  }
`);

const SubmitAssessmentDocument = graphql(`
  mutation SubmitAssessment($assessmentId: ID!, $sessionId: ID, $answers: [AnswerInput!]!) {
    submitAssessment(assessmentId: $assessmentId, sessionId: $sessionId, answers: $answers) {
      id
      kind
      attemptNumber
      score
      passed
      submittedAt
      sessionId
      assessment {
        id
        module {
          id
          code
        }
      }
    }
  }
`);

const SubmitFollowUpDocument = graphql(`
  mutation SubmitFollowUp($input: FollowUpInput!) {
    submitFollowUp(input: $input) {
      id
      applied
      uses
      submittedAt
    }
  }
`);

type Attempt = MyAssessmentAttemptsQuery['myAssessmentAttempts'][number];
type Assessment = NonNullable<AssessmentForQuery['assessmentFor']>;
type Question = Assessment['questions'][number];
type Module = { id: string; code: string; title: string; passMark: number };
type Answers = Record<string, number[]>;

const PRESENT: EnrolmentStatus[] = ['ATTENDED', 'COMPLETED'];
const KIND_BY_PATH: Record<string, AssessmentKind> = { pre: 'PRE', post: 'POST', 'follow-up': 'FOLLOW_UP' };
/** The API's limit of post-course attempts per session and module. */
const MAX_POST_ATTEMPTS = 3;
const USES: GuidanceUse[] = ['NIP_UPDATE', 'NATIONAL_REPORT', 'BAT_BEP_MEASURES', 'COORDINATION_MECHANISM'];
/** A new attempt is a new row: the document cache refetches the attempts even when the list was empty. */
const ATTEMPTS_CONTEXT = { additionalTypenames: ['AssessmentAttempt'] };

function usePercent(): (score: number) => string {
  const { i18n } = useTranslation();
  return useMemo(() => {
    const format = new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 2 });
    return (score: number) => format.format(score / 100);
  }, [i18n.language]);
}

/** One question: a fieldset whose legend is the prompt, radio buttons (one answer) or checkboxes (several). */
function QuestionFieldset({
  question: q,
  number,
  selected,
  onChange,
  error,
}: {
  question: Question;
  number: number;
  selected: number[];
  onChange: (selected: number[]) => void;
  error?: string;
}) {
  const { t } = useTranslation('assessment');
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [q.multiple ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <fieldset className={`fieldset question${error ? ' field--error' : ''}`} aria-describedby={describedBy}>
      <legend>
        {t('questionNumber', { number })} {q.prompt}
      </legend>
      <p className="field__hint" id={hintId}>
        {q.multiple ? t('chooseSeveral') : t('chooseOne')}
      </p>
      {error && (
        <p className="field__error" id={errorId}>
          {error}
        </p>
      )}
      {q.options.map((option, k) => (
        <div className="choice" key={k}>
          <input
            type={q.multiple ? 'checkbox' : 'radio'}
            id={`${id}-${k}`}
            name={id}
            value={k}
            checked={selected.includes(k)}
            data-question={q.id}
            onChange={(e) => {
              if (!q.multiple) onChange([k]);
              else
                onChange(e.target.checked ? [...selected, k].sort((a, b) => a - b) : selected.filter((s) => s !== k));
            }}
          />
          <label htmlFor={`${id}-${k}`}>{option}</label>
        </div>
      ))}
    </fieldset>
  );
}

/** The answers as the API takes them: the questions answered, in order. */
const toAnswerInput = (questions: Question[], answers: Answers) =>
  questions.filter((q) => (answers[q.id] ?? []).length > 0).map((q) => ({ questionId: q.id, selected: answers[q.id] }));

/** Focuses an element once it is on the page (after the render that shows it). */
function useFocusWhen(condition: boolean) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (condition) ref.current?.focus();
  }, [condition]);
  return ref;
}

function ResultPanel({
  attempt,
  kind,
  module,
  sessionId,
  onRetry,
}: {
  attempt: Pick<Attempt, 'score' | 'passed' | 'attemptNumber' | 'submittedAt'>;
  kind: AssessmentKind;
  module: Module;
  sessionId: string;
  onRetry?: () => void;
}) {
  const { t } = useTranslation('assessment');
  const percent = usePercent();
  const heading = useFocusWhen(true);
  const left = Math.max(0, MAX_POST_ATTEMPTS - attempt.attemptNumber);
  return (
    <div className={`result result--${attempt.passed ? 'passed' : 'failed'}`}>
      <h3 ref={heading} tabIndex={-1}>
        {t('result.title')}
      </h3>
      <p>
        {t('result.score')} <span className="score">{percent(attempt.score)}</span>
      </p>
      <p>
        <strong>
          {attempt.passed
            ? t('result.passed', { passMark: percent(module.passMark) })
            : t('result.failed', { passMark: percent(module.passMark) })}
        </strong>
      </p>
      <p>
        {t('result.submittedAt')} <DateText iso={attempt.submittedAt} />
      </p>
      {kind === 'PRE' && <p>{t('result.preNote')}</p>}
      {kind === 'POST' && (
        <>
          <p>{t('result.attemptsLeft', { count: left, number: attempt.attemptNumber, max: MAX_POST_ATTEMPTS })}</p>
          {attempt.passed && <p>{t('result.certificateNote')}</p>}
          {!attempt.passed && left > 0 && onRetry && (
            <div className="actions">
              <button type="button" className="button" onClick={onRetry}>
                {t('result.tryAgain')}
              </button>
            </div>
          )}
          {!attempt.passed && left === 0 && <p>{t('result.noAttemptsLeft')}</p>}
          {attempt.passed && (
            <p>
              <Link to="/my/certificates">{t('result.toCertificates')}</Link>
            </p>
          )}
        </>
      )}
      <p>
        <Link to="/my/programme">{t('backToProgramme')}</Link>
        {kind === 'PRE' && (
          <>
            {' · '}
            <Link to={`/sessions/${sessionId}`}>{t('toSession')}</Link>
          </>
        )}
      </p>
    </div>
  );
}

/** A scored test (PRE or POST) of one module of the session. */
function ModuleTest({
  module,
  kind,
  sessionId,
  attempts,
}: {
  module: Module;
  kind: 'PRE' | 'POST';
  sessionId: string;
  attempts: Attempt[];
}) {
  const { t } = useTranslation('assessment');
  const percent = usePercent();
  const [{ data, fetching, error }] = useQuery({
    query: AssessmentForDocument,
    variables: { kind, moduleCode: module.code },
  });
  const [submission, submit] = useMutation(SubmitAssessmentDocument);
  const [answers, setAnswers] = useState<Answers>({});
  const [missing, setMissing] = useState<string[]>([]);
  const [result, setResult] = useState<Attempt | null>(null);
  const [retrying, setRetrying] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const summary = useRef<HTMLDivElement>(null);
  const formHeading = useFocusWhen(retrying);
  const headingId = useId();

  // Attempts of this module: PRE once in all, POST up to three in this session.
  const mine = attempts.filter(
    (a) => a.kind === kind && a.assessment.module.code === module.code && (kind === 'PRE' || a.sessionId === sessionId),
  );
  const preTaken = attempts.some((a) => a.kind === 'PRE' && a.assessment.module.code === module.code);
  const best = mine.reduce<Attempt | null>((b, a) => (!b || a.score > b.score ? a : b), null);
  const used = mine.length;

  const section = (body: ReactNode) => (
    <section className="my-section" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('moduleHeading', { code: module.code, title: module.title })}</h2>
      {body}
    </section>
  );

  if (fetching && !data) return section(<Loading />);
  if (error) return section(<ErrorMessage error={error} />);
  const assessment = data?.assessmentFor;
  if (!assessment) return section(<p>{t('noAssessment')}</p>);

  if (result) {
    return section(
      <ResultPanel
        attempt={result}
        kind={kind}
        module={module}
        sessionId={sessionId}
        onRetry={() => {
          setResult(null);
          setAnswers({});
          setMissing([]);
          setRetrying(true);
        }}
      />,
    );
  }

  // Nothing more to take: the pre-course test once taken, a post-course test passed or with no attempt left.
  if (kind === 'PRE' && best) {
    return section(
      <p>
        {t('pre.taken', { score: percent(best.score) })} <DateText iso={best.submittedAt} />
      </p>,
    );
  }
  if (kind === 'POST' && best && (best.passed || used >= MAX_POST_ATTEMPTS)) {
    return section(
      <>
        <p>
          {best.passed
            ? t('post.passed', { score: percent(best.score), passMark: percent(module.passMark) })
            : t('post.exhausted', { score: percent(best.score), passMark: percent(module.passMark) })}
        </p>
        <p>{t('post.used', { count: used, max: MAX_POST_ATTEMPTS })}</p>
      </>,
    );
  }
  if (kind === 'POST' && !preTaken) {
    return section(
      <Notice tone="warning">
        {t('errors:reason.PRE_ASSESSMENT_MISSING')} <Link to={`/my/assessments/${sessionId}/pre`}>{t('toPre')}</Link>
      </Notice>,
    );
  }

  const questions = assessment.questions;
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const unanswered = questions.filter((q) => !(answers[q.id] ?? []).length).map((q) => q.id);
    setMissing(unanswered);
    if (unanswered.length) {
      summary.current?.focus();
      return;
    }
    const outcome = await submit({
      assessmentId: assessment.id,
      sessionId,
      answers: toAnswerInput(questions, answers),
    });
    if (outcome.data?.submitAssessment) {
      setRetrying(false);
      setResult(outcome.data.submitAssessment);
    }
  };
  const refusal = errorKey(submission.error);
  return section(
    <>
      <h3 ref={formHeading} tabIndex={-1}>
        {assessment.title}
      </h3>
      <p>
        {t('intro.points', { passMark: percent(module.passMark) })}{' '}
        {kind === 'PRE'
          ? t('intro.pre')
          : t('intro.post', { number: used + 1, max: MAX_POST_ATTEMPTS, count: MAX_POST_ATTEMPTS - used })}
      </p>
      {kind === 'POST' && best && <p>{t('post.best', { score: percent(best.score) })}</p>}
      <form ref={form} noValidate onSubmit={(e) => void onSubmit(e)} aria-labelledby={headingId}>
        <div ref={summary} tabIndex={-1}>
          {missing.length > 0 && (
            <p className="notice notice--error" role="alert">
              {t('missing', { count: missing.length })}
            </p>
          )}
        </div>
        {questions.map((q, i) => (
          <QuestionFieldset
            key={q.id}
            question={q}
            number={i + 1}
            selected={answers[q.id] ?? []}
            onChange={(selected) => {
              setAnswers((a) => ({ ...a, [q.id]: selected }));
              if (selected.length) setMissing((m) => m.filter((id) => id !== q.id));
            }}
            error={missing.includes(q.id) ? t('answerThis') : undefined}
          />
        ))}
        <ErrorMessage error={submission.error} />
        {refusal === 'errors:reason.PRE_ASSESSMENT_MISSING' && (
          <p>
            <Link to={`/my/assessments/${sessionId}/pre`}>{t('toPre')}</Link>
          </p>
        )}
        <div className="actions">
          <button type="submit" className="button" disabled={submission.fetching}>
            {kind === 'PRE' ? t('submit.pre') : t('submit.post')}
          </button>
          {submission.fetching && <Loading />}
        </div>
      </form>
    </>,
  );
}

/**
 * The first FOLLOW_UP questionnaire among the session's modules (the survey takes the answers of one), or null:
 * asked module after module, each only when the ones before have none.
 */
function FirstQuestionnaire({
  modules,
  children,
}: {
  modules: Module[];
  children: (assessment: Assessment | null) => ReactNode;
}) {
  const [first, ...rest] = modules;
  const [{ data, fetching, error }] = useQuery({
    query: AssessmentForDocument,
    variables: { kind: 'FOLLOW_UP', moduleCode: first?.code ?? '' },
    pause: !first,
  });
  if (!first) return <>{children(null)}</>;
  if (fetching && !data) return <Loading />;
  if (error) return <ErrorMessage error={error} />;
  if (data?.assessmentFor) return <>{children(data.assessmentFor)}</>;
  return <FirstQuestionnaire modules={rest}>{children}</FirstQuestionnaire>;
}

function FollowUpForm({ sessionId, questionnaire }: { sessionId: string; questionnaire: Assessment | null }) {
  const { t } = useTranslation('assessment');
  const [submission, submit] = useMutation(SubmitFollowUpDocument);
  const [applied, setApplied] = useState<boolean | null>(null);
  const [uses, setUses] = useState<GuidanceUse[]>([]);
  const [answers, setAnswers] = useState<Answers>({});
  const [comment, setComment] = useState('');
  const [problems, setProblems] = useState<{ applied?: string; uses?: string }>({});
  const [done, setDone] = useState(false);
  const doneHeading = useFocusWhen(done);
  const summary = useRef<HTMLDivElement>(null);
  const appliedId = useId();
  const usesId = useId();

  if (done) {
    return (
      <div className="result result--passed">
        <h2 ref={doneHeading} tabIndex={-1}>
          {t('followUp.thanksTitle')}
        </h2>
        <p>{t('followUp.thanks')}</p>
        <p>
          <Link to="/my/programme">{t('backToProgramme')}</Link>
        </p>
      </div>
    );
  }

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const found: typeof problems = {};
    if (applied === null) found.applied = t('followUp.appliedMissing');
    if (applied && !uses.length) found.uses = t('followUp.usesMissing');
    setProblems(found);
    if (found.applied || found.uses) {
      summary.current?.focus();
      return;
    }
    const outcome = await submit({
      input: {
        sessionId,
        applied: applied === true,
        uses: applied ? uses : [],
        comment: comment.trim() || null,
        ...(questionnaire
          ? { assessmentId: questionnaire.id, answers: toAnswerInput(questionnaire.questions, answers) }
          : {}),
      },
    });
    if (outcome.data?.submitFollowUp) setDone(true);
  };
  const problemCount = [problems.applied, problems.uses].filter(Boolean).length;
  return (
    <form className="form" noValidate onSubmit={(e) => void onSubmit(e)}>
      <p>{t('followUp.intro')}</p>
      <div ref={summary} tabIndex={-1}>
        {problemCount > 0 && (
          <p className="notice notice--error" role="alert">
            {t('followUp.problems', { count: problemCount })}
          </p>
        )}
      </div>
      <fieldset
        className={`fieldset question${problems.applied ? ' field--error' : ''}`}
        aria-describedby={problems.applied ? `${appliedId}-error` : undefined}
      >
        <legend>{t('followUp.applied')}</legend>
        {problems.applied && (
          <p className="field__error" id={`${appliedId}-error`}>
            {problems.applied}
          </p>
        )}
        {[true, false].map((value) => (
          <div className="choice" key={String(value)}>
            <input
              type="radio"
              id={`${appliedId}-${value}`}
              name={appliedId}
              checked={applied === value}
              onChange={() => {
                setApplied(value);
                setProblems((p) => ({ ...p, applied: undefined, uses: value ? p.uses : undefined }));
              }}
            />
            <label htmlFor={`${appliedId}-${value}`}>{value ? t('followUp.yes') : t('followUp.no')}</label>
          </div>
        ))}
      </fieldset>
      {applied && (
        <fieldset
          className={`fieldset question${problems.uses ? ' field--error' : ''}`}
          aria-describedby={`${usesId}-hint${problems.uses ? ` ${usesId}-error` : ''}`}
        >
          <legend>{t('followUp.uses')}</legend>
          <p className="field__hint" id={`${usesId}-hint`}>
            {t('chooseSeveral')}
          </p>
          {problems.uses && (
            <p className="field__error" id={`${usesId}-error`}>
              {problems.uses}
            </p>
          )}
          {USES.map((use) => (
            <div className="choice" key={use}>
              <input
                type="checkbox"
                id={`${usesId}-${use}`}
                checked={uses.includes(use)}
                onChange={(e) => {
                  setUses((u) => (e.target.checked ? [...u, use] : u.filter((x) => x !== use)));
                  if (e.target.checked) setProblems((p) => ({ ...p, uses: undefined }));
                }}
              />
              <label htmlFor={`${usesId}-${use}`}>{t(`followUp.use.${use}`)}</label>
            </div>
          ))}
        </fieldset>
      )}
      {questionnaire && questionnaire.questions.length > 0 && (
        <>
          <h2>{questionnaire.title}</h2>
          <p>{t('followUp.questionnaireIntro')}</p>
          {questionnaire.questions.map((q, i) => (
            <QuestionFieldset
              key={q.id}
              question={q}
              number={i + 1}
              selected={answers[q.id] ?? []}
              onChange={(selected) => setAnswers((a) => ({ ...a, [q.id]: selected }))}
            />
          ))}
        </>
      )}
      <Field label={t('followUp.comment')} hint={t('followUp.commentHint')}>
        {(props) => (
          <textarea {...props} rows={5} maxLength={4000} value={comment} onChange={(e) => setComment(e.target.value)} />
        )}
      </Field>
      <ErrorMessage error={submission.error} />
      <div className="actions">
        <button type="submit" className="button" disabled={submission.fetching}>
          {t('followUp.submit')}
        </button>
        {submission.fetching && <Loading />}
      </div>
    </form>
  );
}

/**
 * A session's pre-course test, post-course test (three attempts, the best counts) or follow-up survey: one test per
 * module of the session, scored on the server.
 */
export default function AssessmentPage() {
  const { t } = useTranslation(['assessment', 'errors']);
  const { sessionId = '', kind: path = '' } = useParams();
  const kind = KIND_BY_PATH[path] as AssessmentKind | undefined;
  const [{ data, fetching, error }] = useQuery({
    query: AssessmentSessionDocument,
    variables: { id: sessionId },
    pause: !kind,
  });
  const [attemptsResult] = useQuery({
    query: MyAssessmentAttemptsDocument,
    variables: { sessionId: null },
    pause: !kind || kind === 'FOLLOW_UP',
    requestPolicy: 'cache-and-network',
    context: ATTEMPTS_CONTEXT,
  });
  if (!kind) {
    return (
      <section>
        <PageTitle>{t('common:notFound.title')}</PageTitle>
        <p>{t('common:notFound.text')}</p>
      </section>
    );
  }
  const session = data?.session;
  const kindName = t(`common:kind.${kind}`);
  if ((fetching && !data) || (kind !== 'FOLLOW_UP' && attemptsResult.fetching && !attemptsResult.data)) {
    return (
      <section>
        <PageTitle>{kindName}</PageTitle>
        <Loading />
      </section>
    );
  }
  if (error || attemptsResult.error || !session) {
    return (
      <section>
        <PageTitle>{kindName}</PageTitle>
        {error || attemptsResult.error ? (
          <ErrorMessage error={error ?? attemptsResult.error} />
        ) : (
          <p>{t('noSession')}</p>
        )}
        <p>
          <Link to="/my/programme">{t('backToProgramme')}</Link>
        </p>
      </section>
    );
  }
  const attempts = attemptsResult.data?.myAssessmentAttempts ?? [];
  // Marked present: the post-course test and the follow-up survey are for them alone.
  const present = !!session.myEnrolment && PRESENT.includes(session.myEnrolment.status);
  return (
    <section>
      <PageTitle>{t('pageTitle', { kind: kindName, title: session.title })}</PageTitle>
      <SessionTimes startsAt={session.startsAt} endsAt={session.endsAt} timeZone={session.timeZone} />
      <p>
        <Link to="/my/programme">{t('backToProgramme')}</Link>
      </p>
      {kind === 'FOLLOW_UP' && session.status !== 'COMPLETED' ? (
        <Notice tone="warning">{t('errors:reason.SESSION_NOT_COMPLETED')}</Notice>
      ) : kind !== 'PRE' && !present ? (
        <Notice tone="warning">{t('errors:reason.NOT_ATTENDED')}</Notice>
      ) : kind === 'FOLLOW_UP' ? (
        <FirstQuestionnaire modules={session.modules}>
          {(questionnaire) => <FollowUpForm sessionId={session.id} questionnaire={questionnaire} />}
        </FirstQuestionnaire>
      ) : (
        session.modules.map((m) => (
          <ModuleTest key={m.id} module={m} kind={kind} sessionId={session.id} attempts={attempts} />
        ))
      )}
    </section>
  );
}
