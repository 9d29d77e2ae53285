import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { useMutation } from 'urql';
import { useSession } from '../../app/session';
import { graphql } from '../../gql';
import { ErrorMessage, PageTitle } from '../../ui/ui';

const ConfirmDocument = graphql(`
  mutation ConfirmEmail($token: String!) {
    confirmEmail(token: $token) {
      accessToken
      user {
        id
        language
      }
    }
  }
`);

/**
 * The confirmation e-mail's link. Opening it changes nothing (mail scanners open links); the button confirms the
 * address and signs the person in.
 */
export default function ConfirmEmailPage() {
  const { t } = useTranslation('account');
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const navigate = useNavigate();
  const { signIn } = useSession();
  const [state, confirm] = useMutation(ConfirmDocument);
  return (
    <section className="form">
      <PageTitle>{t('confirm.title')}</PageTitle>
      <p>{t('confirm.text')}</p>
      <ErrorMessage error={state.error} />
      <button
        type="button"
        className="button"
        disabled={!token || state.fetching}
        onClick={() =>
          void confirm({ token }).then((r) => {
            if (!r.data) return;
            signIn(r.data.confirmEmail.accessToken, r.data.confirmEmail.user.language);
            void navigate('/?welcome=1', { replace: true });
          })
        }
      >
        {t('confirm.submit')}
      </button>
    </section>
  );
}
