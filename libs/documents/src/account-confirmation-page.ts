import { escapeHtml } from '@lib/common';
import { documentLanguageOf, type DocumentLanguage } from './certificate-document';
import { PAGE_LANGUAGES, pageStyle, renderPage } from './page-shell';

/** READY: a working link, confirmed by pressing the button; CONFIRMED: done; INVALID: unknown, used or expired. */
export type AccountConfirmationState = 'READY' | 'CONFIRMED' | 'INVALID';

interface ConfirmationTexts {
  title: Record<AccountConfirmationState, string>;
  ready: string;
  button: string;
  confirmed(endpoint: string): string;
  invalid(endpoint: string): string;
}

/** Every word the page shows, per language; plain text, escaped with the values. */
const TEXTS: Record<DocumentLanguage, ConfirmationTexts> = {
  EN: {
    title: {
      READY: 'Confirm your e-mail address',
      CONFIRMED: 'Your e-mail address is confirmed',
      INVALID: 'This confirmation link does not work',
    },
    ready: 'Press the button to confirm that this address is yours. Your account can be used once it is confirmed.',
    button: 'Confirm my address',
    confirmed: (endpoint) =>
      `Your account is ready. Sign in with your e-mail address and the password you chose, through the GraphQL API at ${endpoint} (login).`,
    invalid: (endpoint) =>
      'The link may have expired or been used already. If your address is confirmed, simply sign in; otherwise ask ' +
      `for a new link through the GraphQL API at ${endpoint} (resendVerification).`,
  },
  FR: {
    title: {
      READY: 'Confirmez votre adresse électronique',
      CONFIRMED: 'Votre adresse électronique est confirmée',
      INVALID: 'Ce lien de confirmation ne fonctionne pas',
    },
    ready:
      'Appuyez sur le bouton pour confirmer que cette adresse est bien la vôtre. Votre compte pourra être utilisé une fois confirmé.',
    button: 'Confirmer mon adresse',
    confirmed: (endpoint) =>
      'Votre compte est prêt. Connectez-vous avec votre adresse électronique et le mot de passe que vous avez choisi, ' +
      `via l’API GraphQL à l’adresse ${endpoint} (login).`,
    invalid: (endpoint) =>
      'Le lien a peut-être expiré ou déjà servi. Si votre adresse est confirmée, connectez-vous simplement\u00a0; sinon, ' +
      `demandez un nouveau lien via l’API GraphQL à l’adresse ${endpoint} (resendVerification).`,
  },
  ES: {
    title: {
      READY: 'Confirme su dirección de correo electrónico',
      CONFIRMED: 'Su dirección de correo electrónico está confirmada',
      INVALID: 'Este enlace de confirmación no funciona',
    },
    ready: 'Pulse el botón para confirmar que esta dirección es suya. Podrá utilizar su cuenta una vez confirmada.',
    button: 'Confirmar mi dirección',
    confirmed: (endpoint) =>
      'Su cuenta está lista. Inicie sesión con su dirección de correo electrónico y la contraseña que eligió, ' +
      `mediante la API GraphQL en ${endpoint} (login).`,
    invalid: (endpoint) =>
      'Puede que el enlace haya caducado o ya se haya utilizado. Si su dirección está confirmada, simplemente inicie ' +
      `sesión; si no, solicite un nuevo enlace mediante la API GraphQL en ${endpoint} (resendVerification).`,
  },
};

/** Its hash joins the pages' Content-Security-Policy: these styles apply, no injected one would. */
const STYLE = pageStyle(`
p{overflow-wrap:anywhere}
button{font:inherit;font-weight:700;padding:.6rem 1.2rem;border:0;border-radius:4px;background:#0b4f6c;color:#fff;cursor:pointer}
button:focus{outline:3px solid #f9a825;outline-offset:2px}
.confirmed{border-left:6px solid #2e7d32;padding-left:1rem}.invalid{border-left:6px solid #f9a825;padding-left:1rem}
`);

/**
 * The page a confirmation e-mail's link opens, in EN, FR or ES: a complete HTML5 document (inline style, no script).
 * Opening the link (GET) confirms nothing, since mail scanners follow links: the button POSTs the token back to the
 * same address. `token` is echoed only into that form's address, escaped.
 */
export function renderAccountConfirmationPage(
  state: AccountConfirmationState,
  language: string,
  opts: { token: string; graphqlEndpoint: string },
): string {
  const lang = documentLanguageOf(language);
  const t = TEXTS[lang];
  let body: string[];
  if (state === 'READY') {
    body = [
      `<p>${escapeHtml(t.ready)}</p>`,
      `<form method="post" action="confirm?token=${encodeURIComponent(opts.token)}">`,
      `<button type="submit">${escapeHtml(t.button)}</button>`,
      '</form>',
    ];
  } else {
    const text = state === 'CONFIRMED' ? t.confirmed(opts.graphqlEndpoint) : t.invalid(opts.graphqlEndpoint);
    body = [`<p class="${state.toLowerCase()}" data-state="${state}">${escapeHtml(text)}</p>`];
  }
  // The address holds the token: the page's no-referrer keeps it from travelling to another site.
  return renderPage({
    language: PAGE_LANGUAGES[lang],
    title: t.title[state],
    heading: t.title[state],
    style: STYLE,
    body,
  });
}
