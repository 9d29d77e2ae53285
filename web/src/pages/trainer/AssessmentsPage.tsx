import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import type { AssessmentKind, TrainerAssessmentQuery } from '../../gql/graphql';
import { errorField } from '../../ui/errors';
import { DateText } from '../../ui/time';
import { ErrorMessage, Field, Loading, Notice, PageTitle } from '../../ui/ui';
import { useWritableModules, type ModuleRef } from './shared';
import '../my/my.css';

const TrainerAssessmentDocument = graphql(`
  query TrainerAssessment($kind: AssessmentKind!, $moduleCode: String!) {
    assessmentFor(kind: $kind, moduleCode: $moduleCode) {
      id
      title
      kind
      createdAt
      module {
        id
        code
        passMark
      }
      questions {
        id
        prompt
        options
        multiple
        correct
        points
      }
    }
  }
`);

const CreateAssessmentDocument = graphql(`
  mutation CreateAssessment($input: AssessmentInput!) {
    createAssessment(input: $input) {
      id
      title
      kind
      createdAt
      module {
        id
        code
        passMark
      }
      questions {
        id
        prompt
        options
        multiple
        correct
        points
      }
    }
  }
`);

type Assessment = NonNullable<TrainerAssessmentQuery['assessmentFor']>;
const KINDS: AssessmentKind[] = ['PRE', 'POST', 'FOLLOW_UP'];
/** The API's limits (src/assessments/dto/assessment.inputs.ts). */
const MAX_QUESTIONS = 100;
const MAX_OPTIONS = 10;
const ASSESSMENT_CONTEXT = { additionalTypenames: ['Assessment'] };

interface QuestionDraft {
  key: number;
  prompt: string;
  options: string[];
  correct: number[];
  points: string;
}
interface Draft {
  title: string;
  questions: QuestionDraft[];
}

let keys = 0;
const blankQuestion = (scored: boolean): QuestionDraft => ({
  key: ++keys,
  prompt: '',
  options: ['', ''],
  correct: [],
  points: scored ? '1' : '0',
});
const draftOf = (a: Assessment | null, scored: boolean): Draft =>
  a
    ? {
        title: a.title,
        questions: a.questions.map((q) => ({
          key: ++keys,
          prompt: q.prompt,
          options: [...q.options],
          correct: [...(q.correct ?? [])],
          points: String(q.points),
        })),
      }
    : { title: '', questions: [blankQuestion(scored)] };

/** What is wrong with a draft before it is sent: messages by field (the API checks the same and more). */
function problemsOf(draft: Draft, scored: boolean, t: (k: string) => string): Record<string, string> {
  const p: Record<string, string> = {};
  if (!draft.title.trim()) p.title = t('assessments.editor.titleMissing');
  draft.questions.forEach((q, i) => {
    const f = `questions[${i}]`;
    if (!q.prompt.trim()) p[`${f}.prompt`] = t('assessments.editor.promptMissing');
    const options = q.options.map((o) => o.trim());
    if (options.some((o) => !o)) p[`${f}.options`] = t('assessments.editor.optionEmpty');
    else if (new Set(options).size !== options.length) p[`${f}.options`] = t('assessments.editor.optionsDiffer');
    if (scored && !q.correct.length) p[`${f}.correct`] = t('assessments.editor.correctMissing');
    const points = Number(q.points);
    if (!/^\d+$/.test(q.points.trim()) || points > 1000) p[`${f}.points`] = t('assessments.editor.pointsInvalid');
  });
  if (scored && !draft.questions.some((q) => Number(q.points) > 0)) p.questions = t('assessments.editor.noPoints');
  return p;
}

/** The questions as a delegate sees them (web/src/pages/my/AssessmentPage.tsx), without the right answers. */
function DelegatePreview({ draft, kind, passMark }: { draft: Draft; kind: AssessmentKind; passMark: number }) {
  const { t, i18n } = useTranslation(['assessment', 'trainer']);
  const id = useId();
  const percent = new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 2 });
  return (
    <div className="trainer-preview" data-testid="delegate-preview">
      <p>
        <strong>{t('trainer:assessments.preview.note')}</strong>
      </p>
      <h3>{draft.title || t('trainer:assessments.preview.untitled')}</h3>
      {kind !== 'FOLLOW_UP' && <p>{t('intro.points', { passMark: percent.format(passMark / 100) })}</p>}
      {draft.questions.map((q, n) => {
        const multiple = q.correct.length > 1;
        return (
          <fieldset className="fieldset question" key={q.key} aria-describedby={`${id}-${n}-hint`}>
            <legend>
              {t('questionNumber', { number: n + 1 })} {q.prompt}
            </legend>
            <p className="field__hint" id={`${id}-${n}-hint`}>
              {multiple ? t('chooseSeveral') : t('chooseOne')}
            </p>
            {q.options.map((option, k) => (
              <div className="choice" key={k}>
                <input type={multiple ? 'checkbox' : 'radio'} id={`${id}-${n}-${k}`} name={`${id}-${n}`} />
                <label htmlFor={`${id}-${n}-${k}`}>{option}</label>
              </div>
            ))}
          </fieldset>
        );
      })}
    </div>
  );
}

function QuestionEditor({
  question: q,
  index,
  scored,
  problems,
  onChange,
  onRemove,
  onMove,
  count,
}: {
  question: QuestionDraft;
  index: number;
  scored: boolean;
  problems: Record<string, string>;
  onChange: (q: QuestionDraft) => void;
  onRemove: () => void;
  onMove: (by: number) => void;
  count: number;
}) {
  const { t } = useTranslation('trainer');
  const id = useId();
  const f = `questions[${index}]`;
  const optionsError = problems[`${f}.options`] ?? problems[`${f}.correct`];
  return (
    <fieldset className="trainer-editor-question" data-question-index={index}>
      <legend>{t('assessments.editor.question', { number: index + 1 })}</legend>
      <Field label={t('assessments.editor.prompt')} error={problems[`${f}.prompt`]}>
        {(props) => (
          <textarea
            {...props}
            rows={2}
            maxLength={2000}
            value={q.prompt}
            onChange={(e) => onChange({ ...q, prompt: e.target.value })}
          />
        )}
      </Field>
      <fieldset className="fieldset" aria-describedby={optionsError ? `${id}-options-error` : undefined}>
        <legend>{scored ? t('assessments.editor.optionsScored') : t('assessments.editor.options')}</legend>
        {optionsError && (
          <p className="field__error" id={`${id}-options-error`}>
            {optionsError}
          </p>
        )}
        {q.options.map((option, k) => (
          <div className="trainer-option" key={k}>
            <input
              type="checkbox"
              id={`${id}-correct-${k}`}
              checked={q.correct.includes(k)}
              onChange={(e) =>
                onChange({
                  ...q,
                  correct: e.target.checked
                    ? [...q.correct, k].sort((a, b) => a - b)
                    : q.correct.filter((c) => c !== k),
                })
              }
            />
            <label htmlFor={`${id}-correct-${k}`}>{t('assessments.editor.correct', { number: k + 1 })}</label>
            <input
              type="text"
              aria-label={t('assessments.editor.option', { number: k + 1 })}
              maxLength={500}
              value={option}
              onChange={(e) => onChange({ ...q, options: q.options.map((o, j) => (j === k ? e.target.value : o)) })}
            />
            {q.options.length > 2 && (
              <button
                type="button"
                className="link-button"
                onClick={() =>
                  onChange({
                    ...q,
                    options: q.options.filter((_, j) => j !== k),
                    correct: q.correct.filter((c) => c !== k).map((c) => (c > k ? c - 1 : c)),
                  })
                }
              >
                {t('assessments.editor.removeOption', { number: k + 1 })}
              </button>
            )}
          </div>
        ))}
        {q.options.length < MAX_OPTIONS && (
          <button
            type="button"
            className="button button--secondary"
            onClick={() => onChange({ ...q, options: [...q.options, ''] })}
          >
            {t('assessments.editor.addOption')}
          </button>
        )}
      </fieldset>
      <Field label={t('assessments.editor.points')} error={problems[`${f}.points`]}>
        {(props) => (
          <input
            {...props}
            type="text"
            inputMode="numeric"
            size={5}
            value={q.points}
            onChange={(e) => onChange({ ...q, points: e.target.value })}
          />
        )}
      </Field>
      <div className="actions">
        {index > 0 && (
          <button type="button" className="button button--secondary" onClick={() => onMove(-1)}>
            {t('assessments.editor.moveUp')}
          </button>
        )}
        {index < count - 1 && (
          <button type="button" className="button button--secondary" onClick={() => onMove(1)}>
            {t('assessments.editor.moveDown')}
          </button>
        )}
        {count > 1 && (
          <button type="button" className="button button--danger" onClick={onRemove}>
            {t('assessments.editor.removeQuestion', { number: index + 1 })}
          </button>
        )}
      </div>
    </fieldset>
  );
}

function Editor({
  module,
  kind,
  from,
  passMark,
  onDone,
  onCancel,
}: {
  module: ModuleRef;
  kind: AssessmentKind;
  from: Assessment | null;
  passMark: number;
  onDone: (a: Assessment) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation(['trainer', 'common']);
  const scored = kind !== 'FOLLOW_UP';
  const [draft, setDraft] = useState<Draft>(() => draftOf(from, scored));
  // Checked again at every change once saving was tried: a corrected field loses its message at once.
  const [tried, setTried] = useState(false);
  const problems = tried ? problemsOf(draft, scored, (k) => t(k)) : {};
  const [previewing, setPreviewing] = useState(false);
  const [saving, save] = useMutation(CreateAssessmentDocument);
  const headingId = useId();
  const setQuestion = (i: number, q: QuestionDraft) =>
    setDraft((d) => ({ ...d, questions: d.questions.map((x, j) => (j === i ? q : x)) }));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found = problemsOf(draft, scored, (k) => t(k));
    setTried(true);
    if (Object.keys(found).length) {
      document.getElementById(`${headingId}-summary`)?.focus();
      return;
    }
    const r = await save(
      {
        input: {
          kind,
          moduleCode: module.code,
          title: draft.title.trim(),
          questions: draft.questions.map((q) => ({
            prompt: q.prompt.trim(),
            options: q.options.map((o) => o.trim()),
            correct: q.correct,
            points: Number(q.points),
          })),
        },
      },
      ASSESSMENT_CONTEXT,
    );
    if (r.data?.createAssessment) onDone(r.data.createAssessment);
  };
  const field = errorField(saving.error);
  const count = Object.keys(problems).length;
  return (
    <section className="trainer-section" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('assessments.editor.heading', { kind: t(`common:kind.${kind}`), code: module.code })}</h3>
      <p>{from ? t('assessments.editor.versionNote') : t('assessments.editor.firstNote')}</p>
      <form noValidate onSubmit={(e) => void submit(e)}>
        <div id={`${headingId}-summary`} tabIndex={-1}>
          {count > 0 && (
            <p className="notice notice--error" role="alert">
              {t('assessments.editor.problems', { count })}
              {problems.questions && <> {problems.questions}</>}
            </p>
          )}
        </div>
        <Field label={t('assessments.editor.title')} error={problems.title}>
          {(props) => (
            <input
              {...props}
              type="text"
              maxLength={200}
              value={draft.title}
              onChange={(e) => setDraft((d) => ({ ...d, title: e.target.value }))}
            />
          )}
        </Field>
        {draft.questions.map((q, i) => (
          <QuestionEditor
            key={q.key}
            question={q}
            index={i}
            count={draft.questions.length}
            scored={scored}
            problems={problems}
            onChange={(next) => setQuestion(i, next)}
            onRemove={() => setDraft((d) => ({ ...d, questions: d.questions.filter((_, j) => j !== i) }))}
            onMove={(by) =>
              setDraft((d) => {
                const qs = [...d.questions];
                const [moved] = qs.splice(i, 1);
                qs.splice(i + by, 0, moved);
                return { ...d, questions: qs };
              })
            }
          />
        ))}
        {draft.questions.length < MAX_QUESTIONS && (
          <div className="actions">
            <button
              type="button"
              className="button button--secondary"
              onClick={() => setDraft((d) => ({ ...d, questions: [...d.questions, blankQuestion(scored)] }))}
            >
              {t('assessments.editor.addQuestion')}
            </button>
          </div>
        )}
        <p>
          {t('assessments.editor.total', {
            count: draft.questions.reduce((s, q) => s + (Number(q.points) || 0), 0),
          })}
        </p>
        <ErrorMessage error={saving.error} />
        {field && <p className="field__error">{t('assessments.editor.apiField', { field })}</p>}
        <div className="actions">
          <button type="submit" className="button" disabled={saving.fetching}>
            {t('assessments.editor.save')}
          </button>
          <button type="button" className="button button--secondary" onClick={() => setPreviewing((p) => !p)}>
            {previewing ? t('assessments.editor.hidePreview') : t('assessments.editor.preview')}
          </button>
          <button type="button" className="button button--secondary" onClick={onCancel}>
            {t('common:cancel')}
          </button>
          {saving.fetching && <Loading />}
        </div>
      </form>
      {previewing && <DelegatePreview draft={draft} kind={kind} passMark={passMark} />}
    </section>
  );
}

function KindRow({ module, kind }: { module: ModuleRef; kind: AssessmentKind }) {
  const { t } = useTranslation(['trainer', 'common']);
  const [{ data, fetching, error }, refetch] = useQuery({
    query: TrainerAssessmentDocument,
    variables: { kind, moduleCode: module.code },
    context: ASSESSMENT_CONTEXT,
  });
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(false);
  const [previewing, setPreviewing] = useState(false);
  const a = data?.assessmentFor ?? null;
  const headingId = useId();
  const passMark = a?.module.passMark ?? 70;
  const points = a?.questions.reduce((s, q) => s + q.points, 0) ?? 0;
  return (
    <article className="card" aria-labelledby={headingId} data-kind={kind}>
      <h3 className="card__title" id={headingId}>
        {t(`common:kind.${kind}`)}
      </h3>
      {fetching && !data ? (
        <Loading />
      ) : error ? (
        <ErrorMessage error={error} />
      ) : a ? (
        <>
          <p>
            <strong>{a.title}</strong>
          </p>
          <p>
            {t('assessments.summary', { count: a.questions.length, points })} · {t('assessments.since')}{' '}
            <DateText iso={a.createdAt} />
          </p>
        </>
      ) : (
        <p>{t('assessments.none')}</p>
      )}
      {saved && <Notice tone="success">{t('assessments.saved')}</Notice>}
      {!editing && (
        <div className="actions">
          <button type="button" className="button" onClick={() => (setEditing(true), setSaved(false))}>
            {a ? t('assessments.newVersion') : t('assessments.create')}
            <span className="visually-hidden">
              {' '}
              — {t(`common:kind.${kind}`)} {module.code}
            </span>
          </button>
          {a && (
            <button type="button" className="button button--secondary" onClick={() => setPreviewing((p) => !p)}>
              {previewing ? t('assessments.editor.hidePreview') : t('assessments.editor.preview')}
              <span className="visually-hidden">
                {' '}
                — {t(`common:kind.${kind}`)} {module.code}
              </span>
            </button>
          )}
        </div>
      )}
      {!editing && previewing && a && (
        <DelegatePreview draft={draftOf(a, kind !== 'FOLLOW_UP')} kind={kind} passMark={passMark} />
      )}
      {editing && (
        <Editor
          module={module}
          kind={kind}
          from={a}
          passMark={passMark}
          onCancel={() => setEditing(false)}
          onDone={() => {
            setEditing(false);
            setSaved(true);
            refetch({ requestPolicy: 'network-only' });
          }}
        />
      )}
    </article>
  );
}

/** The assessments of the modules the viewer writes: per module and kind, the newest, an editor, a delegate's view. */
export default function AssessmentsPage() {
  const { t } = useTranslation('trainer');
  const { modules, fetching, error } = useWritableModules();
  return (
    <section>
      <PageTitle>{t('assessments.title')}</PageTitle>
      <p className="lead">{t('assessments.intro')}</p>
      {fetching ? (
        <Loading />
      ) : error ? (
        <ErrorMessage error={error} />
      ) : modules.length === 0 ? (
        <Notice>{t('assessments.noModules')}</Notice>
      ) : (
        modules.map((m) => (
          <section className="trainer-section" key={m.code} aria-labelledby={`module-${m.code}`}>
            <h2 id={`module-${m.code}`}>{t('assessments.module', { code: m.code, title: m.title })}</h2>
            <ul className="trainer-list">
              {KINDS.map((k) => (
                <li key={k}>
                  <KindRow module={m} kind={k} />
                </li>
              ))}
            </ul>
          </section>
        ))
      )}
    </section>
  );
}
