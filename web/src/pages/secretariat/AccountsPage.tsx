import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import type { Language, Role } from '../../gql/graphql';
import { errorField } from '../../ui/errors';
import { DateText } from '../../ui/time';
import { ErrorMessage, Field, Loading, Notice, PageTitle } from '../../ui/ui';
import { LANGUAGES, SecretariatNav, TIME_ZONES, useReference } from './shared';
import './secretariat.css';

const ROLES: Role[] = ['DELEGATE', 'FOCAL_POINT', 'TRAINER', 'REGIONAL_CENTRE', 'SECRETARIAT'];

const UsersDocument = graphql(`
  query SecretariatUsers($after: String, $role: Role, $partyCode: String) {
    users(first: 20, after: $after, role: $role, partyCode: $partyCode) {
      totalCount
      pageInfo {
        endCursor
        hasNextPage
      }
      edges {
        node {
          id
          fullName
          email
          roles
          disabledAt
          party {
            code
            name
          }
          regionalCentre {
            id
            name
          }
        }
      }
    }
  }
`);

const CreateUserDocument = graphql(`
  mutation SecretariatCreateUser($input: CreateUserInput!) {
    createUser(input: $input) {
      id
      fullName
      email
    }
  }
`);

const DisableUserDocument = graphql(`
  mutation SecretariatDisableUser($id: ID!) {
    disableUser(id: $id) {
      id
      fullName
      disabledAt
    }
  }
`);

const ModuleTrainersDocument = graphql(`
  query SecretariatModuleTrainers {
    thematicModules {
      id
      code
      title
      trainers {
        id
        fullName
      }
    }
    users(role: TRAINER, first: 100) {
      edges {
        node {
          id
          fullName
        }
      }
    }
  }
`);

const AssignDocument = graphql(`
  mutation SecretariatAssignTrainer($moduleCode: String!, $userId: ID!) {
    assignTrainer(moduleCode: $moduleCode, userId: $userId) {
      id
      code
      trainers {
        id
        fullName
      }
    }
  }
`);

const UnassignDocument = graphql(`
  mutation SecretariatUnassignTrainer($moduleCode: String!, $userId: ID!) {
    unassignTrainer(moduleCode: $moduleCode, userId: $userId) {
      id
      code
      trainers {
        id
        fullName
      }
    }
  }
`);

/** Accounts: the list (by role and Party), a new account, disabling one; which trainers teach which module. */
export default function AccountsPage() {
  const { t } = useTranslation('secretariat');
  const [version, setVersion] = useState(0);
  return (
    <section className="sec-page">
      <SecretariatNav />
      <PageTitle>{t('accounts.title')}</PageTitle>
      <p className="lead">{t('accounts.intro')}</p>
      <CreateUserForm onCreated={() => setVersion(version + 1)} />
      <UserList key={version} />
      <TrainerAssignments />
    </section>
  );
}

function UserList() {
  const { t } = useTranslation('secretariat');
  const ref = useReference();
  const [role, setRole] = useState<Role | ''>('');
  const [partyCode, setPartyCode] = useState('');
  const [pages, setPages] = useState<(string | null)[]>([null]);
  const [disabled, setDisabled] = useState<string | null>(null);
  const filters = { role: role || null, partyCode: partyCode || null };
  return (
    <>
      <h2>{t('accounts.listTitle')}</h2>
      <form className="filters" aria-label={t('accounts.filters')} onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor="sa-role">{t('accounts.role')}</label>
          <select
            id="sa-role"
            value={role}
            onChange={(e) => {
              setRole(e.target.value as Role | '');
              setPages([null]);
            }}
          >
            <option value="">{t('accounts.anyRole')}</option>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`role.${r}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="sa-party">{t('accounts.party')}</label>
          <select
            id="sa-party"
            value={partyCode}
            onChange={(e) => {
              setPartyCode(e.target.value);
              setPages([null]);
            }}
          >
            <option value="">{t('accounts.anyParty')}</option>
            {ref.parties.map((p) => (
              <option key={p.code} value={p.code}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
      </form>
      {disabled && <Notice tone="success">{t('accounts.disabled', { name: disabled })}</Notice>}
      <ul className="sec-list sec-accounts">
        {pages.map((after, i) => (
          <UserPage
            key={`${after ?? ''}-${i}`}
            after={after}
            filters={filters}
            last={i === pages.length - 1}
            onMore={(cursor) => setPages([...pages, cursor])}
            onDisabled={setDisabled}
          />
        ))}
      </ul>
    </>
  );
}

function UserPage({
  after,
  filters,
  last,
  onMore,
  onDisabled,
}: {
  after: string | null;
  filters: { role: Role | null; partyCode: string | null };
  last: boolean;
  onMore: (cursor: string) => void;
  onDisabled: (name: string) => void;
}) {
  const { t } = useTranslation('secretariat');
  const [{ data, fetching, error }, refetch] = useQuery({ query: UsersDocument, variables: { ...filters, after } });
  const conn = data?.users;
  return (
    <>
      {error && (
        <li>
          <ErrorMessage error={error} />
        </li>
      )}
      {fetching && !data && (
        <li>
          <Loading />
        </li>
      )}
      {!after && conn && <li className="result-count">{t('accounts.count', { count: conn.totalCount })}</li>}
      {conn?.edges.map(({ node }) => (
        <li key={node.id} className="sec-card">
          <UserItem
            user={node}
            onDisabled={() => {
              onDisabled(node.fullName);
              refetch({ requestPolicy: 'network-only' });
            }}
          />
        </li>
      ))}
      {last && conn?.pageInfo.hasNextPage && conn.pageInfo.endCursor && (
        <li>
          <button type="button" className="button button--secondary" onClick={() => onMore(conn.pageInfo.endCursor!)}>
            {t('accounts.showMore')}
          </button>
        </li>
      )}
    </>
  );
}

interface ListedUser {
  id: string;
  fullName: string;
  email?: string | null;
  roles: Role[];
  disabledAt?: string | null;
  party?: { code: string; name: string } | null;
  regionalCentre?: { id: string; name: string } | null;
}

function UserItem({ user: u, onDisabled }: { user: ListedUser; onDisabled: () => void }) {
  const { t } = useTranslation('secretariat');
  const [confirming, setConfirming] = useState(false);
  const [{ fetching, error }, disable] = useMutation(DisableUserDocument);
  const doDisable = async () => {
    const res = await disable({ id: u.id });
    if (res.data) onDisabled();
  };
  return (
    <article aria-label={u.fullName}>
      <h3>{u.fullName}</h3>
      <p className="mono">{u.email}</p>
      <p>
        {u.roles.map((r) => t(`role.${r}`)).join(', ')}
        {u.party && <> · {u.party.name}</>}
        {u.regionalCentre && <> · {u.regionalCentre.name}</>}
      </p>
      <ErrorMessage error={error} />
      {u.disabledAt ? (
        <p>
          <span className="badge badge--cancelled">{t('accounts.disabledBadge')}</span> {t('accounts.disabledSince')}{' '}
          <DateText iso={u.disabledAt} />
        </p>
      ) : !confirming ? (
        <button type="button" className="button button--secondary" onClick={() => setConfirming(true)}>
          {t('accounts.disable')}
        </button>
      ) : (
        <div
          className="notice notice--warning"
          role="group"
          aria-label={t('accounts.confirmLabel', { name: u.fullName })}
        >
          <p>{t('accounts.confirmText', { name: u.fullName })}</p>
          <div className="actions">
            <button type="button" className="button button--danger" disabled={fetching} onClick={doDisable}>
              {t('accounts.confirmDisable')}
            </button>
            <button type="button" className="button button--secondary" onClick={() => setConfirming(false)}>
              {t('accounts.keep')}
            </button>
          </div>
        </div>
      )}
    </article>
  );
}

function CreateUserForm({ onCreated }: { onCreated: () => void }) {
  const { t } = useTranslation('secretariat');
  const ref = useReference();
  const [fullName, setFullName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [roles, setRoles] = useState<Role[]>(['DELEGATE']);
  const [partyCode, setPartyCode] = useState('');
  const [centreId, setCentreId] = useState('');
  const [language, setLanguage] = useState<Language>('EN');
  const [gender, setGender] = useState('');
  const [timeZone, setTimeZone] = useState('UTC');
  const [created, setCreated] = useState<string | null>(null);
  const [{ fetching, error }, create] = useMutation(CreateUserDocument);
  const field = errorField(error);
  const needsParty = roles.includes('DELEGATE') || roles.includes('FOCAL_POINT');
  const needsCentre = roles.includes('REGIONAL_CENTRE');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setCreated(null);
    const res = await create({
      input: {
        fullName: fullName.trim(),
        email: email.trim(),
        password,
        roles,
        partyCode: needsParty ? partyCode || null : null,
        regionalCentreId: needsCentre ? centreId || null : null,
        language,
        gender: gender || null,
        timeZone,
      },
    });
    if (res.data) {
      setCreated(t('accounts.created', { name: res.data.createUser.fullName }));
      setFullName('');
      setEmail('');
      setPassword('');
      onCreated();
    }
  };
  return (
    <form className="form sec-card" onSubmit={submit} aria-labelledby="sa-create-title">
      <h2 id="sa-create-title">{t('accounts.createTitle')}</h2>
      <Field label={t('accounts.fullName')} error={field === 'fullName' ? t('accounts.fieldWrong') : undefined}>
        {(p) => <input {...p} required value={fullName} onChange={(e) => setFullName(e.target.value)} />}
      </Field>
      <Field label={t('accounts.email')} error={field === 'email' ? t('accounts.fieldWrong') : undefined}>
        {(p) => <input {...p} type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />}
      </Field>
      <Field
        label={t('accounts.password')}
        hint={t('accounts.passwordHint')}
        error={field === 'password' ? t('accounts.passwordWrong') : undefined}
      >
        {(p) => (
          <input
            {...p}
            type="password"
            autoComplete="new-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        )}
      </Field>
      <fieldset className="fieldset">
        <legend>{t('accounts.roles')}</legend>
        {ROLES.map((r) => (
          <label key={r} className="choice">
            <input
              type="checkbox"
              checked={roles.includes(r)}
              onChange={(e) => setRoles(e.target.checked ? [...roles, r] : roles.filter((x) => x !== r))}
            />{' '}
            {t(`role.${r}`)}
          </label>
        ))}
      </fieldset>
      {needsParty && (
        <Field
          label={t('accounts.party')}
          hint={t('accounts.partyHint')}
          error={field === 'partyCode' ? t('accounts.fieldWrong') : undefined}
        >
          {(p) => (
            <select {...p} required value={partyCode} onChange={(e) => setPartyCode(e.target.value)}>
              <option value="">{t('accounts.chooseParty')}</option>
              {ref.parties.map((x) => (
                <option key={x.code} value={x.code}>
                  {x.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      {needsCentre && (
        <Field label={t('accounts.centre')} error={field === 'regionalCentreId' ? t('accounts.fieldWrong') : undefined}>
          {(p) => (
            <select {...p} required value={centreId} onChange={(e) => setCentreId(e.target.value)}>
              <option value="">{t('accounts.chooseCentre')}</option>
              {ref.centres.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name} ({c.city})
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      <Field label={t('accounts.language')}>
        {(p) => (
          <select {...p} value={language} onChange={(e) => setLanguage(e.target.value as Language)}>
            {LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {t(`language.${l}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('accounts.gender')} hint={t('accounts.genderHint')}>
        {(p) => (
          <select {...p} value={gender} onChange={(e) => setGender(e.target.value)}>
            <option value="">{t('gender.undeclared')}</option>
            {['female', 'male', 'other'].map((g) => (
              <option key={g} value={g}>
                {t(`gender.${g}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('accounts.timeZone')}>
        {(p) => (
          <select {...p} value={timeZone} onChange={(e) => setTimeZone(e.target.value)}>
            {TIME_ZONES.map((z) => (
              <option key={z} value={z}>
                {z}
              </option>
            ))}
          </select>
        )}
      </Field>
      <ErrorMessage error={error} />
      {created && <Notice tone="success">{created}</Notice>}
      <button type="submit" className="button" disabled={fetching || roles.length === 0}>
        {t('accounts.create')}
      </button>
    </form>
  );
}

function TrainerAssignments() {
  const { t } = useTranslation('secretariat');
  const [{ data, error }] = useQuery({ query: ModuleTrainersDocument });
  const [assignState, assign] = useMutation(AssignDocument);
  const [unassignState, unassign] = useMutation(UnassignDocument);
  const [choice, setChoice] = useState<Record<string, string>>({});
  const trainers = data?.users.edges.map((e) => e.node) ?? [];
  return (
    <>
      <h2>{t('accounts.trainersTitle')}</h2>
      <p>{t('accounts.trainersIntro')}</p>
      <ErrorMessage error={error ?? assignState.error ?? unassignState.error} />
      <ul className="sec-list">
        {data?.thematicModules.map((m) => (
          <li key={m.code} className="sec-card">
            <h3>
              {m.code} — {m.title}
            </h3>
            {m.trainers.length === 0 ? (
              <p>{t('accounts.noTrainers')}</p>
            ) : (
              <ul>
                {m.trainers.map((tr) => (
                  <li key={tr.id}>
                    {tr.fullName}{' '}
                    <button
                      type="button"
                      className="link-button"
                      aria-label={t('accounts.unassignLabel', { name: tr.fullName, module: m.code })}
                      onClick={() => unassign({ moduleCode: m.code, userId: tr.id })}
                    >
                      {t('accounts.unassign')}
                    </button>
                  </li>
                ))}
              </ul>
            )}
            <form
              className="sec-inline"
              onSubmit={(e) => {
                e.preventDefault();
                const userId = choice[m.code];
                if (userId) void assign({ moduleCode: m.code, userId });
              }}
            >
              <label htmlFor={`assign-${m.code}`}>{t('accounts.assignLabel', { module: m.code })}</label>
              <select
                id={`assign-${m.code}`}
                value={choice[m.code] ?? ''}
                onChange={(e) => setChoice({ ...choice, [m.code]: e.target.value })}
              >
                <option value="">{t('accounts.chooseTrainer')}</option>
                {trainers
                  .filter((x) => !m.trainers.some((y) => y.id === x.id))
                  .map((x) => (
                    <option key={x.id} value={x.id}>
                      {x.fullName}
                    </option>
                  ))}
              </select>
              <button type="submit" className="button button--secondary" disabled={assignState.fetching}>
                {t('accounts.assign')}
              </button>
            </form>
          </li>
        ))}
      </ul>
    </>
  );
}
