import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { Upload, type DetailedError } from 'tus-js-client';
import { tokenStore } from '../../app/client';
import { graphql } from '../../gql';
import type { Language, TrainerMaterialsQuery } from '../../gql/graphql';
import { DateText } from '../../ui/time';
import { ErrorMessage, Field, Loading, Notice, PageTitle, StatusBadge } from '../../ui/ui';
import { useFileSize } from '../../ui/fileSize';
import { useWritableModules, type ModuleRef } from './shared';

const MaterialFields = graphql(`
  fragment TrainerMaterialFields on TrainingMaterial {
    id
    materialId
    title
    description
    language
    status
    version
    url
    createdAt
    publishedAt
    module {
      id
      code
      title
    }
    file {
      fileName
      contentType
      sizeBytes
      sha256
      downloadUrl
    }
  }
`);

const TrainerMaterialsDocument = graphql(`
  query TrainerMaterials($moduleCode: String, $first: Int!) {
    materials(moduleCode: $moduleCode, first: $first) {
      totalCount
      edges {
        node {
          ...TrainerMaterialFields
          versions {
            ...TrainerMaterialFields
          }
        }
      }
    }
  }
`);

const CreateMaterialDocument = graphql(`
  mutation CreateMaterial($input: MaterialInput!) {
    createMaterial(input: $input) {
      ...TrainerMaterialFields
    }
  }
`);

const UpdateMaterialDocument = graphql(`
  mutation UpdateMaterial($id: ID!, $input: MaterialInput!) {
    updateMaterial(id: $id, input: $input) {
      ...TrainerMaterialFields
    }
  }
`);

const PublishMaterialDocument = graphql(`
  mutation PublishMaterial($id: ID!) {
    publishMaterial(id: $id) {
      ...TrainerMaterialFields
    }
  }
`);

const ArchiveMaterialDocument = graphql(`
  mutation ArchiveMaterial($id: ID!) {
    archiveMaterial(id: $id) {
      ...TrainerMaterialFields
    }
  }
`);

void MaterialFields;

type Material = TrainerMaterialsQuery['materials']['edges'][number]['node'];
type Version = Material['versions'][number];
const LANGUAGES: Language[] = ['EN', 'FR', 'ES', 'AR', 'ZH', 'RU'];
/** Types a browser shows itself: their files also get a link that opens them in the page (`&inline=1`). */
const SHOWN_INLINE = /^(application\/pdf|video\/|audio\/|image\/)/;
const MATERIALS_CONTEXT = { additionalTypenames: ['TrainingMaterial'] };
/** Waits between attempts after a broken connection; progress made resets the count (tus-js-client). */
const RETRY_DELAYS = [0, 1000, 2000, 3000, 5000, 5000, 10000, 10000, 10000, 10000, 20000, 20000, 30000];
/** Each PATCH carries at most this much: a cut connection loses at most one chunk's progress. */
const CHUNK_BYTES = 4 * 1024 * 1024;

type UploadState =
  | { phase: 'idle' }
  | { phase: 'uploading' | 'resuming' | 'offline'; sent: number; total: number }
  | { phase: 'done'; total: number }
  | { phase: 'failed'; code: string | null; reason: string | null; message: string | null; status: number };

/** Uploads a file to a draft version with tus: resumable, retried by itself when the connection comes back. */
function useTusUpload(onDone: () => void) {
  const [state, setState] = useState<UploadState>({ phase: 'idle' });
  const current = useRef<Upload | null>(null);
  useEffect(() => () => void current.current?.abort(), []);

  const start = (file: File, materialId: string) => {
    let upload: Upload | null = null;
    const resumeWhenOnline = () => {
      setState((s) => ('sent' in s ? { ...s, phase: 'resuming' } : s));
      upload?.start();
    };
    upload = new Upload(file, {
      endpoint: '/uploads/',
      chunkSize: CHUNK_BYTES,
      retryDelays: RETRY_DELAYS,
      headers: { Authorization: `Bearer ${tokenStore.get() ?? ''}` },
      metadata: { filename: file.name, materialId },
      // The same file to the same draft, after a reload: go on from where the server has it.
      fingerprint: async (f) => ['pops-lms', materialId, f.name, f.size, f.lastModified].join('-'),
      removeFingerprintOnSuccess: true,
      // Broken connections and server faults are retried, offline or not (the default gives up when offline); a
      // refusal (4xx but a conflict or lock) is final.
      onShouldRetry: (err) => {
        const status = (err as DetailedError).originalResponse?.getStatus() ?? 0;
        const retry = status < 400 || status >= 500 || status === 409 || status === 423;
        if (retry) setState((s) => ('sent' in s ? { ...s, phase: 'resuming' } : s));
        return retry;
      },
      onProgress: (sent, total) => setState({ phase: 'uploading', sent, total }),
      onSuccess: () => {
        setState({ phase: 'done', total: file.size });
        onDone();
      },
      onError: (err) => {
        const response = (err as DetailedError).originalResponse;
        if (!response && !navigator.onLine) {
          // Retries ran out while offline: start again once the browser is back online.
          setState((s) => ('sent' in s ? { ...s, phase: 'offline' } : { phase: 'offline', sent: 0, total: file.size }));
          window.addEventListener('online', resumeWhenOnline, { once: true });
          return;
        }
        let code: string | null = null;
        let reason: string | null = null;
        let message: string | null = null;
        try {
          const body = JSON.parse(response?.getBody() ?? '') as {
            error?: { code?: string; reason?: string; message?: string };
          };
          code = body.error?.code ?? null;
          reason = body.error?.reason ?? null;
          message = body.error?.message ?? null;
        } catch {
          // Not the API's JSON (a proxy's page, a cut answer): the generic sentence says it.
        }
        setState({ phase: 'failed', code, reason, message, status: response?.getStatus() ?? 0 });
      },
    });
    current.current = upload;
    setState({ phase: 'uploading', sent: 0, total: file.size });
    void upload.findPreviousUploads().then((previous) => {
      if (previous.length) upload!.resumeFromPreviousUpload(previous[0]);
      upload!.start();
    });
  };
  return { state, start };
}

function UploadProgress({ state }: { state: UploadState }) {
  const { t, i18n } = useTranslation('trainer');
  const size = useFileSize();
  if (state.phase === 'idle') return null;
  if (state.phase === 'failed') {
    return (
      <div className="notice notice--error" role="alert">
        <p>
          <strong>{t('common:problem')}</strong>{' '}
          {state.status === 413
            ? t('materials.upload.tooLarge')
            : state.status === 415
              ? t('materials.upload.refusedType')
              : state.reason
                ? t(`materials.refused.${state.reason}`, {
                    defaultValue: t(`errors:reason.${state.reason}`, { defaultValue: t('materials.upload.failed') }),
                  })
                : state.code
                  ? t(`errors:code.${state.code}`, { defaultValue: t('materials.upload.failed') })
                  : t('materials.upload.failed')}
        </p>
        {state.message && (
          <p>
            {t('import.serverSays')} <q className="trainer-wrap">{state.message}</q>
          </p>
        )}
      </div>
    );
  }
  if (state.phase === 'done')
    return <Notice tone="success">{t('materials.upload.done', { size: size(state.total) })}</Notice>;
  const share = state.total ? state.sent / state.total : 0;
  const percent = new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 0 }).format(share);
  return (
    <div className="upload-progress" data-phase={state.phase}>
      <label>
        {t(`materials.upload.${state.phase}`)}{' '}
        <span>{t('materials.upload.of', { sent: size(state.sent), total: size(state.total), percent })}</span>
        <progress className="trainer-progress" max={state.total || 1} value={state.sent} />
      </label>
      <p className="visually-hidden" role="status" aria-live="polite">
        {state.phase === 'uploading' ? '' : t(`materials.upload.${state.phase}`)}
      </p>
    </div>
  );
}

/** A refused change of a material: the material rules in this page's words, the others as everywhere. */
function MaterialError({ error }: { error: Parameters<typeof ErrorMessage>[0]['error'] }) {
  const { t } = useTranslation(['trainer', 'common']);
  const reason = (error?.graphQLErrors[0]?.extensions as { reason?: string } | undefined)?.reason;
  if (reason === 'MATERIAL_EMPTY' || reason === 'MATERIAL_NOT_DRAFT') {
    return (
      <p className="notice notice--error" role="alert">
        <strong>{t('common:problem')}</strong> {t(`materials.refused.${reason}`)}
      </p>
    );
  }
  return <ErrorMessage error={error} />;
}

/** The file input and progress of a draft version. */
function FileUpload({ draft, onDone }: { draft: Version; onDone: () => void }) {
  const { t } = useTranslation('trainer');
  const [file, setFile] = useState<File | null>(null);
  const [missing, setMissing] = useState(false);
  const { state, start } = useTusUpload(onDone);
  const busy = state.phase === 'uploading' || state.phase === 'resuming' || state.phase === 'offline';
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!file) return setMissing(true);
        start(file, draft.id);
      }}
    >
      <Field
        label={t('materials.upload.file', { version: draft.version })}
        hint={t('materials.upload.hint')}
        error={missing ? t('materials.upload.choose') : undefined}
      >
        {(props) => (
          <input
            {...props}
            type="file"
            disabled={busy}
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setMissing(false);
            }}
          />
        )}
      </Field>
      <div className="actions">
        <button type="submit" className="button" disabled={busy}>
          {t('materials.upload.start')}
        </button>
      </div>
      <UploadProgress state={state} />
    </form>
  );
}

/** What a version holds: its link, or its file with the size beside the download link. */
function Content({ version }: { version: Version }) {
  const { t } = useTranslation('trainer');
  const size = useFileSize();
  if (version.file) {
    return (
      <p className="trainer-wrap">
        {version.file.downloadUrl ? (
          <a href={version.file.downloadUrl} download={version.file.fileName}>
            {t('materials.download', { name: version.file.fileName })}
          </a>
        ) : (
          version.file.fileName
        )}{' '}
        <span className="material-size">({size(version.file.sizeBytes)})</span>
        {version.file.downloadUrl && SHOWN_INLINE.test(version.file.contentType) && (
          <>
            {' · '}
            <a href={`${version.file.downloadUrl}${version.file.downloadUrl.includes('?') ? '&' : '?'}inline=1`}>
              {t('materials.open')}
              <span className="visually-hidden"> — {version.file.fileName}</span>
            </a>
          </>
        )}
      </p>
    );
  }
  if (version.url) {
    return (
      <p className="trainer-wrap">
        <a href={version.url} rel="noreferrer">
          {version.url}
        </a>
      </p>
    );
  }
  return <p>{t('materials.noContent')}</p>;
}

interface Draft {
  title: string;
  description: string;
  language: Language;
  moduleCode: string;
  kind: 'link' | 'file';
  url: string;
}

/** The fields of a material: for a new one, and for revising one (a published version then gets a new draft). */
function MaterialForm({
  modules,
  initial,
  submitLabel,
  onSubmit,
  busy,
  error,
}: {
  modules: ModuleRef[];
  initial: Draft;
  submitLabel: string;
  onSubmit: (draft: Draft, file: File | null) => void;
  busy: boolean;
  error: Parameters<typeof ErrorMessage>[0]['error'];
}) {
  const { t } = useTranslation(['trainer', 'common']);
  const [draft, setDraft] = useState<Draft>(initial);
  const [file, setFile] = useState<File | null>(null);
  const [problems, setProblems] = useState<Partial<Record<'title' | 'url' | 'file', string>>>({});
  const kindId = useId();
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found: typeof problems = {};
    if (!draft.title.trim()) found.title = t('materials.form.titleMissing');
    if (draft.kind === 'link' && !/^https?:\/\/\S+$/i.test(draft.url.trim()))
      found.url = t('materials.form.urlInvalid');
    setProblems(found);
    if (Object.keys(found).length) return;
    onSubmit(draft, draft.kind === 'file' ? file : null);
  };
  return (
    <form className="form" noValidate onSubmit={submit}>
      <Field label={t('materials.form.title')} error={problems.title}>
        {(props) => (
          <input
            {...props}
            type="text"
            maxLength={300}
            value={draft.title}
            onChange={(e) => set('title', e.target.value)}
          />
        )}
      </Field>
      <Field label={t('materials.form.description')}>
        {(props) => (
          <textarea
            {...props}
            rows={3}
            maxLength={4000}
            value={draft.description}
            onChange={(e) => set('description', e.target.value)}
          />
        )}
      </Field>
      <Field label={t('materials.form.language')}>
        {(props) => (
          <select {...props} value={draft.language} onChange={(e) => set('language', e.target.value as Language)}>
            {LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {t(`common:languageName.${l}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('materials.form.module')}>
        {(props) => (
          <select {...props} value={draft.moduleCode} onChange={(e) => set('moduleCode', e.target.value)}>
            {modules.map((m) => (
              <option key={m.code} value={m.code}>
                {m.code} — {m.title}
              </option>
            ))}
          </select>
        )}
      </Field>
      <fieldset className="fieldset">
        <legend>{t('materials.form.kind')}</legend>
        {(['link', 'file'] as const).map((k) => (
          <div className="choice" key={k}>
            <input
              type="radio"
              id={`${kindId}-${k}`}
              name={kindId}
              checked={draft.kind === k}
              onChange={() => set('kind', k)}
            />
            <label htmlFor={`${kindId}-${k}`}>{t(`materials.form.kind_${k}`)}</label>
          </div>
        ))}
      </fieldset>
      {draft.kind === 'link' ? (
        <Field label={t('materials.form.url')} hint={t('materials.form.urlHint')} error={problems.url}>
          {(props) => (
            <input
              {...props}
              type="url"
              maxLength={2000}
              value={draft.url}
              onChange={(e) => set('url', e.target.value)}
            />
          )}
        </Field>
      ) : (
        <Field label={t('materials.form.file')} hint={t('materials.form.fileHint')}>
          {(props) => <input {...props} type="file" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />}
        </Field>
      )}
      <ErrorMessage error={error} />
      <div className="actions">
        <button type="submit" className="button" disabled={busy}>
          {submitLabel}
        </button>
        {busy && <Loading />}
      </div>
    </form>
  );
}

const inputOf = (d: Draft, keepContent = false) => ({
  title: d.title.trim(),
  description: d.description.trim() || null,
  language: d.language,
  moduleCode: d.moduleCode,
  // A link material sends its address; a file material sends none (a new draft then keeps its file until replaced).
  ...(d.kind === 'link' ? { url: d.url.trim() } : keepContent ? {} : { url: null }),
});

/** A new material: a draft, then (a file material) its file uploaded to that draft. */
function NewMaterial({ modules, onChanged }: { modules: ModuleRef[]; onChanged: () => void }) {
  const { t, i18n } = useTranslation('trainer');
  const [creation, create] = useMutation(CreateMaterialDocument);
  const [created, setCreated] = useState<{ version: Version; file: File | null } | null>(null);
  const [formKey, setFormKey] = useState(0);
  const headingId = useId();
  const language = (i18n.language.slice(0, 2).toUpperCase() as Language) ?? 'EN';
  return (
    <section className="trainer-section" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('materials.new')}</h2>
      <MaterialForm
        key={formKey}
        modules={modules}
        initial={{
          title: '',
          description: '',
          language: LANGUAGES.includes(language) ? language : 'EN',
          moduleCode: modules[0]?.code ?? '',
          kind: 'file',
          url: '',
        }}
        submitLabel={t('materials.form.create')}
        busy={creation.fetching}
        error={creation.error}
        onSubmit={async (draft, file) => {
          const r = await create({ input: inputOf(draft) }, MATERIALS_CONTEXT);
          if (r.data?.createMaterial) {
            setCreated({ version: r.data.createMaterial as Version, file });
            setFormKey((k) => k + 1);
            onChanged();
          }
        }}
      />
      {created && (
        <div className="trainer-confirm">
          <Notice tone="success">{t('materials.created', { title: created.version.title })}</Notice>
          {created.file && <AutoUpload draft={created.version} file={created.file} onDone={onChanged} />}
        </div>
      )}
    </section>
  );
}

/** The file chosen with a new material, uploaded to its draft at once. */
function AutoUpload({ draft, file, onDone }: { draft: Version; file: File; onDone: () => void }) {
  const { state, start } = useTusUpload(onDone);
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    start(file, draft.id);
  });
  return <UploadProgress state={state} />;
}

function MaterialCard({
  material,
  modules,
  onChanged,
}: {
  material: Material;
  modules: ModuleRef[];
  onChanged: () => void;
}) {
  const { t } = useTranslation(['trainer', 'common']);
  const [publishing, publish] = useMutation(PublishMaterialDocument);
  const [archiving, archive] = useMutation(ArchiveMaterialDocument);
  const [updating, update] = useMutation(UpdateMaterialDocument);
  const [revising, setRevising] = useState(false);
  const headingId = useId();
  const versions = [...material.versions].sort((a, b) => b.version - a.version);
  const newest = versions[0] ?? material;
  const writable = modules.some((m) => m.code === newest.module.code);
  const error = publishing.error ?? archiving.error;
  return (
    <article className="card" aria-labelledby={headingId} data-material={material.materialId}>
      <p className="card__kicker">
        {newest.module.code} · {t(`common:languageName.${newest.language}`)}
      </p>
      <h3 className="card__title" id={headingId}>
        {newest.title}
      </h3>
      <div className="trainer-status">
        <StatusBadge status={newest.status} />
        <span>{t('materials.version', { version: newest.version })}</span>
      </div>
      {newest.description && <p className="trainer-wrap">{newest.description}</p>}
      <Content version={newest} />
      <MaterialError error={error} />
      {writable && (
        <div className="actions">
          {newest.status === 'DRAFT' && (
            <button
              type="button"
              className="button"
              disabled={publishing.fetching}
              onClick={() => void publish({ id: newest.id }, MATERIALS_CONTEXT).then(onChanged)}
            >
              {t('materials.publish')}
              <span className="visually-hidden"> — {newest.title}</span>
            </button>
          )}
          {newest.status !== 'ARCHIVED' && (
            <button type="button" className="button button--secondary" onClick={() => setRevising((r) => !r)}>
              {newest.status === 'PUBLISHED' ? t('materials.revise') : t('materials.edit')}
              <span className="visually-hidden"> — {newest.title}</span>
            </button>
          )}
          {newest.status !== 'ARCHIVED' && (
            <button
              type="button"
              className="button button--danger"
              disabled={archiving.fetching}
              onClick={() => void archive({ id: newest.id }, MATERIALS_CONTEXT).then(onChanged)}
            >
              {t('materials.archive')}
              <span className="visually-hidden"> — {newest.title}</span>
            </button>
          )}
        </div>
      )}
      {writable && newest.status === 'DRAFT' && <FileUpload draft={newest} onDone={onChanged} />}
      {revising && (
        <div className="trainer-confirm">
          {newest.status === 'PUBLISHED' && <p>{t('materials.reviseIntro')}</p>}
          <MaterialForm
            modules={modules}
            initial={{
              title: newest.title,
              description: newest.description ?? '',
              language: newest.language,
              moduleCode: newest.module.code,
              kind: newest.url ? 'link' : 'file',
              url: newest.url ?? '',
            }}
            submitLabel={newest.status === 'PUBLISHED' ? t('materials.form.revise') : t('materials.form.save')}
            busy={updating.fetching}
            error={updating.error}
            onSubmit={async (draft) => {
              const r = await update({ id: newest.id, input: inputOf(draft, true) }, MATERIALS_CONTEXT);
              if (r.data?.updateMaterial) {
                setRevising(false);
                onChanged();
              }
            }}
          />
        </div>
      )}
      {versions.length > 1 && (
        <details>
          <summary>{t('materials.versions', { count: versions.length })}</summary>
          <ol className="history" reversed>
            {versions.map((v) => (
              <li key={v.id}>
                {t('materials.version', { version: v.version })} · <StatusBadge status={v.status} /> ·{' '}
                {v.publishedAt ? (
                  <>
                    {t('materials.publishedAt')} <DateText iso={v.publishedAt} />
                  </>
                ) : (
                  <>
                    {t('materials.createdAt')} <DateText iso={v.createdAt} />
                  </>
                )}
                <Content version={v} />
              </li>
            ))}
          </ol>
        </details>
      )}
    </article>
  );
}

/** The materials of the modules the viewer writes: versions, new ones, file uploads, publishing and archiving. */
export default function MaterialsPage() {
  const { t } = useTranslation('trainer');
  const [params, setParams] = useSearchParams();
  const moduleCode = params.get('module');
  const { modules, fetching: modulesLoading, error: modulesError } = useWritableModules();
  const [{ data, fetching, error }, refetch] = useQuery({
    query: TrainerMaterialsDocument,
    variables: { moduleCode: moduleCode || null, first: 100 },
    requestPolicy: 'cache-and-network',
    context: MATERIALS_CONTEXT,
  });
  const refresh = () => refetch({ requestPolicy: 'network-only' });
  const listId = useId();
  const codes = new Set(modules.map((m) => m.code));
  const materials = (data?.materials.edges ?? []).map((e) => e.node).filter((m) => codes.has(m.module.code));
  return (
    <section>
      <PageTitle>{t('materials.title')}</PageTitle>
      <p className="lead">{t('materials.intro')}</p>
      {modulesLoading ? (
        <Loading />
      ) : modulesError ? (
        <ErrorMessage error={modulesError} />
      ) : modules.length === 0 ? (
        <Notice>{t('materials.noModules')}</Notice>
      ) : (
        <>
          <div className="filters">
            <Field label={t('materials.filter')}>
              {(props) => (
                <select
                  {...props}
                  value={moduleCode ?? ''}
                  onChange={(e) => setParams(e.target.value ? { module: e.target.value } : {})}
                >
                  <option value="">{t('materials.allModules')}</option>
                  {modules.map((m) => (
                    <option key={m.code} value={m.code}>
                      {m.code} — {m.title}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
          <section className="trainer-section" aria-labelledby={listId}>
            <h2 id={listId}>{t('materials.list')}</h2>
            {fetching && !data ? (
              <Loading />
            ) : error ? (
              <ErrorMessage error={error} />
            ) : materials.length === 0 ? (
              <p>{t('materials.none')}</p>
            ) : (
              <ul className="trainer-list">
                {materials.map((m) => (
                  <li key={m.materialId}>
                    <MaterialCard material={m} modules={modules} onChanged={refresh} />
                  </li>
                ))}
              </ul>
            )}
          </section>
          <NewMaterial modules={modules} onChanged={refresh} />
        </>
      )}
    </section>
  );
}
