import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useMutation } from 'urql';
import { useSession } from '../../app/session';
import { graphql } from '../../gql';
import { ErrorMessage, Field, Notice, PageTitle } from '../../ui/ui';
import { nextPath, PasswordField } from './PasswordField';

const LoginDocument = graphql(`
  mutation Login($email: String!, $password: String!) {
    login(email: $email, password: $password) {
      accessToken
      user {
        id
        language
      }
    }
  }
`);

const ResendDocument = graphql(`
  mutation ResendVerification($email: String!) {
    resendVerification(email: $email)
  }
`);

export default function SignInPage() {
  const { t } = useTranslation('account');
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const { signIn } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [state, login] = useMutation(LoginDocument);
  const [resent, resend] = useMutation(ResendDocument);
  const notVerified = state.error?.graphQLErrors.some((e) => e.extensions?.reason === 'EMAIL_NOT_VERIFIED');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const result = await login({ email, password });
    if (result.data) {
      signIn(result.data.login.accessToken, result.data.login.user.language);
      void navigate(nextPath(params), { replace: true });
    }
  };
  return (
    <section className="form">
      <PageTitle>{t('signIn.title')}</PageTitle>
      {params.get('reset') === 'done' && <Notice tone="success">{t('reset.done')}</Notice>}
      <ErrorMessage error={state.error} />
      {notVerified && (
        <div className="actions">
          <button type="button" className="button button--secondary" onClick={() => void resend({ email })}>
            {t('signIn.resend')}
          </button>
          {resent.data && <Notice tone="success">{t('signIn.resent', { email })}</Notice>}
        </div>
      )}
      <form onSubmit={(e) => void submit(e)} noValidate={false}>
        <Field label={t('email')}>
          {(props) => (
            <input
              {...props}
              type="email"
              name="email"
              autoComplete="username"
              required
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          )}
        </Field>
        <PasswordField
          label={t('password')}
          name="password"
          autoComplete="current-password"
          value={password}
          onChange={setPassword}
        />
        <div className="actions">
          <button type="submit" className="button" disabled={state.fetching}>
            {t('signIn.submit')}
          </button>
          <Link to="/forgot-password">{t('signIn.forgot')}</Link>
        </div>
      </form>
      <p>
        {t('signIn.noAccount')} <Link to="/sign-up">{t('signIn.createOne')}</Link>
      </p>
    </section>
  );
}
