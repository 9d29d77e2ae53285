import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useMutation } from 'urql';
import { useSession, type Viewer } from '../../app/session';
import { graphql } from '../../gql';
import type { Language } from '../../gql/graphql';
import { chooseLanguage, fromApiLanguage, LANGUAGES, toApiLanguage } from '../../i18n/i18n';
import { errorField } from '../../ui/errors';
import { ErrorMessage, Field, Loading, Notice, PageTitle } from '../../ui/ui';
import './my.css';

const UpdateProfileDocument = graphql(`
  mutation UpdateProfile($input: ProfileInput!) {
    updateProfile(input: $input) {
      id
      fullName
      language
      timeZone
      gender
    }
  }
`);

const ChangePasswordDocument = graphql(`
  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {
    changePassword(currentPassword: $currentPassword, newPassword: $newPassword)
  }
`);

const GENDERS = ['female', 'male', 'other'] as const;
/** The API's rule for a new password (ChangePasswordArgs). */
const MIN_PASSWORD = 10;

/** Every IANA zone the browser knows, the viewer's own included even when the list lacks it (UTC in some). */
function useTimeZones(current: string): string[] {
  return useMemo(() => {
    let zones: string[];
    try {
      zones = Intl.supportedValuesOf('timeZone');
    } catch {
      zones = []; // a browser without the list: the viewer's zone alone
    }
    return zones.includes(current) ? zones : [current, ...zones].sort();
  }, [current]);
}

function ProfileForm({ viewer }: { viewer: Viewer }) {
  const { t } = useTranslation('profile');
  const { refresh } = useSession();
  const [{ fetching, error }, update] = useMutation(UpdateProfileDocument);
  const [fullName, setFullName] = useState(viewer.fullName);
  const [language, setLanguage] = useState<Language>(viewer.language);
  const [timeZone, setTimeZone] = useState(viewer.timeZone);
  const [gender, setGender] = useState(viewer.gender ?? '');
  const [nameMissing, setNameMissing] = useState(false);
  const [saved, setSaved] = useState(false);
  const zones = useTimeZones(viewer.timeZone);
  const invalid = errorField(error);
  const nameInput = useRef<HTMLInputElement>(null);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    const name = fullName.trim();
    setNameMissing(!name);
    if (!name) {
      nameInput.current?.focus();
      return;
    }
    const result = await update({ input: { fullName: name, language, timeZone, gender: gender || null } });
    if (!result.data?.updateProfile) return;
    setSaved(true);
    // The interface follows the language chosen for e-mails and certificates.
    if (language !== viewer.language) await chooseLanguage(fromApiLanguage(language));
    refresh();
  };

  return (
    <form className="form" noValidate onSubmit={(e) => void onSubmit(e)} aria-labelledby="profile-details">
      <h2 id="profile-details">{t('details.title')}</h2>
      <dl className="facts">
        <dt>{t('details.email')}</dt>
        <dd dir="ltr">{viewer.email}</dd>
        {viewer.party && (
          <>
            <dt>{t('details.party')}</dt>
            <dd>{viewer.party.name}</dd>
          </>
        )}
      </dl>
      <Field
        label={t('details.name')}
        hint={t('details.nameHint')}
        error={nameMissing ? t('details.nameMissing') : invalid === 'fullName' ? t('details.nameInvalid') : null}
      >
        {(props) => (
          <input
            {...props}
            ref={nameInput}
            type="text"
            name="fullName"
            autoComplete="name"
            required
            maxLength={200}
            value={fullName}
            onChange={(e) => setFullName(e.target.value)}
          />
        )}
      </Field>
      <Field label={t('details.language')} hint={t('details.languageHint')}>
        {(props) => (
          <select {...props} name="language" value={language} onChange={(e) => setLanguage(e.target.value as Language)}>
            {LANGUAGES.map((l) => (
              <option key={l.code} value={toApiLanguage(l.code)} lang={l.code}>
                {l.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field
        label={t('details.timeZone')}
        hint={t('details.timeZoneHint')}
        error={invalid === 'timeZone' ? t('details.timeZoneInvalid') : null}
      >
        {(props) => (
          <select {...props} name="timeZone" value={timeZone} onChange={(e) => setTimeZone(e.target.value)}>
            {zones.map((z) => (
              <option key={z} value={z}>
                {z.replace(/_/g, ' ')}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('details.gender')} hint={t('details.genderHint')}>
        {(props) => (
          <select {...props} name="gender" value={gender} onChange={(e) => setGender(e.target.value)}>
            <option value="">{t('details.genderNone')}</option>
            {GENDERS.map((g) => (
              <option key={g} value={g}>
                {t(`details.genderValue.${g}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <ErrorMessage error={error} />
      {saved && <Notice tone="success">{t('details.saved')}</Notice>}
      <div className="actions">
        <button type="submit" className="button" disabled={fetching}>
          {t('details.save')}
        </button>
        {fetching && <Loading />}
      </div>
    </form>
  );
}

function PasswordForm() {
  const { t } = useTranslation('profile');
  const { signOut } = useSession();
  const navigate = useNavigate();
  const [{ fetching, error }, change] = useMutation(ChangePasswordDocument);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [problems, setProblems] = useState<{ current?: string; next?: string; confirm?: string }>({});
  const [changed, setChanged] = useState(false);
  const doneHeading = useRef<HTMLHeadingElement>(null);
  const inputs = {
    current: useRef<HTMLInputElement>(null),
    next: useRef<HTMLInputElement>(null),
    confirm: useRef<HTMLInputElement>(null),
  };
  useEffect(() => {
    if (changed) doneHeading.current?.focus();
  }, [changed]);
  // A wrong current password is answered UNAUTHENTICATED: said beside the field, not as a signed-out session.
  const wrongCurrent = error?.graphQLErrors.some((e) => e.extensions?.code === 'UNAUTHENTICATED') ?? false;

  if (changed) {
    return (
      <section className="result result--passed" aria-labelledby="password-changed">
        <h2 id="password-changed" ref={doneHeading} tabIndex={-1}>
          {t('password.changedTitle')}
        </h2>
        <p>{t('password.changed')}</p>
        <div className="actions">
          <button
            type="button"
            className="button"
            onClick={() => {
              signOut();
              void navigate(`/sign-in?next=${encodeURIComponent('/my/profile')}`);
            }}
          >
            {t('password.signInAgain')}
          </button>
        </div>
      </section>
    );
  }

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const found: typeof problems = {};
    if (!current) found.current = t('password.currentMissing');
    if (next.length < MIN_PASSWORD) found.next = t('password.tooShort', { count: MIN_PASSWORD });
    else if (confirm !== next) found.confirm = t('password.mismatch');
    setProblems(found);
    const first = (['current', 'next', 'confirm'] as const).find((k) => found[k]);
    if (first) {
      inputs[first].current?.focus();
      return;
    }
    const result = await change({ currentPassword: current, newPassword: next });
    if (result.data?.changePassword) {
      setCurrent('');
      setNext('');
      setConfirm('');
      setChanged(true);
    } else if (result.error?.graphQLErrors.some((g) => g.extensions?.code === 'UNAUTHENTICATED')) {
      inputs.current.current?.focus();
    }
  };

  const newPasswordInvalid = errorField(error) === 'newPassword';
  return (
    <form className="form" noValidate onSubmit={(e) => void onSubmit(e)} aria-labelledby="profile-password">
      <h2 id="profile-password">{t('password.title')}</h2>
      <p>{t('password.intro')}</p>
      <Field
        label={t('password.current')}
        error={problems.current ?? (wrongCurrent ? t('password.wrongCurrent') : null)}
      >
        {(props) => (
          <input
            {...props}
            ref={inputs.current}
            type="password"
            name="currentPassword"
            autoComplete="current-password"
            required
            value={current}
            onChange={(e) => setCurrent(e.target.value)}
          />
        )}
      </Field>
      <Field
        label={t('password.new')}
        hint={t('password.newHint', { count: MIN_PASSWORD })}
        error={problems.next ?? (newPasswordInvalid ? t('password.tooShort', { count: MIN_PASSWORD }) : null)}
      >
        {(props) => (
          <input
            {...props}
            ref={inputs.next}
            type="password"
            name="newPassword"
            autoComplete="new-password"
            required
            minLength={MIN_PASSWORD}
            maxLength={200}
            value={next}
            onChange={(e) => setNext(e.target.value)}
          />
        )}
      </Field>
      <Field label={t('password.confirm')} error={problems.confirm}>
        {(props) => (
          <input
            {...props}
            ref={inputs.confirm}
            type="password"
            name="confirmPassword"
            autoComplete="new-password"
            required
            maxLength={200}
            value={confirm}
            onChange={(e) => setConfirm(e.target.value)}
          />
        )}
      </Field>
      {!wrongCurrent && <ErrorMessage error={error} />}
      <div className="actions">
        <button type="submit" className="button" disabled={fetching}>
          {t('password.submit')}
        </button>
        {fetching && <Loading />}
      </div>
    </form>
  );
}

/** The signed-in person's own details (name, language, time zone, gender) and password. */
export default function ProfilePage() {
  const { t } = useTranslation('profile');
  const { viewer } = useSession();
  return (
    <section>
      <PageTitle>{t('title')}</PageTitle>
      <p className="lead">{t('intro')}</p>
      {viewer && (
        <>
          <ProfileForm key={viewer.id} viewer={viewer} />
          <PasswordForm />
        </>
      )}
    </section>
  );
}
