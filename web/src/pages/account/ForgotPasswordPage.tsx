import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation } from 'urql';
import { graphql } from '../../gql';
import { ErrorMessage, Field, Notice, PageTitle } from '../../ui/ui';

const RequestResetDocument = graphql(`
  mutation RequestPasswordReset($email: String!) {
    requestPasswordReset(email: $email)
  }
`);

export default function ForgotPasswordPage() {
  const { t } = useTranslation('account');
  const [email, setEmail] = useState('');
  const [state, request] = useMutation(RequestResetDocument);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void request({ email });
  };
  return (
    <section className="form">
      <PageTitle>{t('forgot.title')}</PageTitle>
      {state.data ? (
        <Notice tone="success">{t('forgot.sent', { email })}</Notice>
      ) : (
        <>
          <p>{t('forgot.text')}</p>
          <ErrorMessage error={state.error} />
          <form onSubmit={submit}>
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
            <button type="submit" className="button" disabled={state.fetching}>
              {t('forgot.submit')}
            </button>
          </form>
        </>
      )}
    </section>
  );
}
