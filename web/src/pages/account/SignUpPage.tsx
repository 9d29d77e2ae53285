import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import type { Language, UnRegion } from '../../gql/graphql';
import { toApiLanguage } from '../../i18n/i18n';
import { errorField } from '../../ui/errors';
import { ErrorMessage, Field, Notice, PageTitle } from '../../ui/ui';
import { PasswordField } from './PasswordField';

const PartiesDocument = graphql(`
  query SignUpParties {
    parties {
      code
      name
      region
    }
  }
`);

const RegisterDocument = graphql(`
  mutation Register($input: RegisterInput!) {
    register(input: $input) {
      email
      verificationRequired
    }
  }
`);

const ResendDocument = graphql(`
  mutation ResendAfterSignUp($email: String!) {
    resendVerification(email: $email)
  }
`);

const LANGS: Language[] = ['EN', 'FR', 'ES', 'AR', 'ZH', 'RU'];
const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;
const zones = (): string[] => {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return [browserZone()];
  }
};

/**
 * Sign-up for delegates: the Party, the language (the page's own by default) and the time zone (the browser's,
 * editable); gender only if they wish. The answer is the same whether or not the address has an account: the next
 * step is always the mailbox.
 */
export default function SignUpPage() {
  const { t, i18n } = useTranslation('account');
  const [{ data: parties }] = useQuery({ query: PartiesDocument });
  const [state, register] = useMutation(RegisterDocument);
  const [resent, resend] = useMutation(ResendDocument);
  const [form, setForm] = useState({
    fullName: '',
    email: '',
    password: '',
    partyCode: '',
    language: toApiLanguage(i18n.language) as Language,
    timeZone: browserZone(),
    gender: '',
  });
  const set = (name: keyof typeof form) => (value: string) => setForm((f) => ({ ...f, [name]: value }));
  const byRegion = useMemo(() => {
    const groups = new Map<UnRegion, { code: string; name: string }[]>();
    for (const p of [...(parties?.parties ?? [])].sort((a, b) => a.name.localeCompare(b.name, i18n.language))) {
      groups.set(p.region, [...(groups.get(p.region) ?? []), p]);
    }
    return [...groups.entries()];
  }, [parties, i18n.language]);
  const field = errorField(state.error);
  const fieldError = (name: string) =>
    field === name ? t(`errors.${name}`, { defaultValue: t('errors.invalid') }) : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void register({ input: { ...form, gender: form.gender || null } });
  };
  if (state.data) {
    const email = state.data.register.email;
    return (
      <section className="form">
        <PageTitle>{t('signUp.checkMail')}</PageTitle>
        <Notice tone="success">{t('signUp.sent', { email })}</Notice>
        <p>{t('signUp.sentHelp')}</p>
        <button type="button" className="button button--secondary" onClick={() => void resend({ email })}>
          {t('signIn.resend')}
        </button>
        {resent.data && <Notice tone="success">{t('signIn.resent', { email })}</Notice>}
      </section>
    );
  }
  return (
    <section className="form">
      <PageTitle>{t('signUp.title')}</PageTitle>
      <p className="lead">{t('signUp.intro')}</p>
      <ErrorMessage error={state.error} />
      <form onSubmit={submit}>
        <Field label={t('fullName')} error={fieldError('fullName')}>
          {(props) => (
            <input
              {...props}
              name="fullName"
              autoComplete="name"
              required
              value={form.fullName}
              onChange={(e) => set('fullName')(e.target.value)}
            />
          )}
        </Field>
        <Field label={t('email')} error={fieldError('email')}>
          {(props) => (
            <input
              {...props}
              type="email"
              name="email"
              autoComplete="email"
              required
              value={form.email}
              onChange={(e) => set('email')(e.target.value)}
            />
          )}
        </Field>
        <PasswordField
          label={t('password')}
          name="password"
          autoComplete="new-password"
          hint={t('passwordHint')}
          error={fieldError('password')}
          value={form.password}
          onChange={set('password')}
        />
        <Field label={t('party')} hint={t('partyHint')} error={fieldError('partyCode')}>
          {(props) => (
            <select
              {...props}
              name="partyCode"
              required
              value={form.partyCode}
              onChange={(e) => set('partyCode')(e.target.value)}
            >
              <option value="">{t('choose')}</option>
              {byRegion.map(([region, list]) => (
                <optgroup key={region} label={t(`common:region.${region}`)}>
                  {list.map((p) => (
                    <option key={p.code} value={p.code}>
                      {p.name}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('preferredLanguage')} hint={t('languageHint')}>
          {(props) => (
            <select {...props} name="language" value={form.language} onChange={(e) => set('language')(e.target.value)}>
              {LANGS.map((l) => (
                <option key={l} value={l}>
                  {t(`common:languageName.${l}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('timeZone')} hint={t('timeZoneHint')} error={fieldError('timeZone')}>
          {(props) => (
            <select {...props} name="timeZone" value={form.timeZone} onChange={(e) => set('timeZone')(e.target.value)}>
              {zones().map((z) => (
                <option key={z} value={z}>
                  {z.replace(/_/g, ' ')}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t('gender')} hint={t('genderHint')}>
          {(props) => (
            <select {...props} name="gender" value={form.gender} onChange={(e) => set('gender')(e.target.value)}>
              <option value="">{t('genderNone')}</option>
              <option value="female">{t('genderFemale')}</option>
              <option value="male">{t('genderMale')}</option>
              <option value="other">{t('genderOther')}</option>
            </select>
          )}
        </Field>
        <button type="submit" className="button" disabled={state.fetching}>
          {t('signUp.submit')}
        </button>
      </form>
    </section>
  );
}
