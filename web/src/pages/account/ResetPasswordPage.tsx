import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { useMutation } from 'urql';
import { useSession } from '../../app/session';
import { graphql } from '../../gql';
import { ErrorMessage, PageTitle } from '../../ui/ui';
import { PasswordField } from './PasswordField';

const ResetDocument = graphql(`
  mutation ResetPassword($token: String!, $password: String!) {
    resetPassword(token: $token, password: $password) {
      accessToken
      user {
        id
        language
      }
    }
  }
`);

export default function ResetPasswordPage() {
  const { t } = useTranslation('account');
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const navigate = useNavigate();
  const { signIn } = useSession();
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [state, reset] = useMutation(ResetDocument);
  const mismatch = again.length > 0 && again !== password;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (password !== again) return;
    void reset({ token, password }).then((r) => {
      if (!r.data) return;
      signIn(r.data.resetPassword.accessToken, r.data.resetPassword.user.language);
      void navigate('/', { replace: true });
    });
  };
  return (
    <section className="form">
      <PageTitle>{t('reset.title')}</PageTitle>
      <ErrorMessage error={state.error} />
      <form onSubmit={submit}>
        <PasswordField
          label={t('newPassword')}
          name="password"
          autoComplete="new-password"
          hint={t('passwordHint')}
          value={password}
          onChange={setPassword}
        />
        <PasswordField
          label={t('repeatPassword')}
          name="again"
          autoComplete="new-password"
          error={mismatch ? t('errors.mismatch') : null}
          value={again}
          onChange={setAgain}
        />
        <button type="submit" className="button" disabled={!token || state.fetching || mismatch}>
          {t('reset.submit')}
        </button>
      </form>
    </section>
  );
}
