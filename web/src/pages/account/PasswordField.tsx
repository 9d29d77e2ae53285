import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../ui/ui';

/** A password input with a show/hide toggle (typing a long password on a phone is easier when it can be seen). */
export function PasswordField({
  label,
  name,
  value,
  onChange,
  autoComplete,
  hint,
  error,
}: {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  autoComplete: 'current-password' | 'new-password';
  hint?: string;
  error?: string | null;
}) {
  const { t } = useTranslation('account');
  const [shown, setShown] = useState(false);
  return (
    <Field label={label} hint={hint} error={error}>
      {(props) => (
        <span className="password">
          <input
            {...props}
            name={name}
            type={shown ? 'text' : 'password'}
            autoComplete={autoComplete}
            required
            minLength={autoComplete === 'new-password' ? 10 : undefined}
            value={value}
            onChange={(e) => onChange(e.target.value)}
          />
          <button type="button" className="link-button" aria-pressed={shown} onClick={() => setShown(!shown)}>
            {t('showPassword')}
          </button>
        </span>
      )}
    </Field>
  );
}

/** Where to go after signing in: the page that sent the visitor to sign in, if it is one of the app's own. */
export function nextPath(params: URLSearchParams): string {
  const next = params.get('next');
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}
