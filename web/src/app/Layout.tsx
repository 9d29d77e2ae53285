import { Suspense, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import { chooseLanguage, isUiLanguage, LANGUAGES } from '../i18n/i18n';
import { Loading } from '../ui/ui';
import { useSession } from './session';

const PendingNominationsDocument = graphql(`
  query PendingNominationsCount {
    partyEnrolments(status: PENDING_ENDORSEMENT, first: 1) {
      totalCount
    }
  }
`);

function NominationsBadge() {
  const { t } = useTranslation();
  const [{ data }] = useQuery({ query: PendingNominationsDocument, requestPolicy: 'cache-and-network' });
  const count = data?.partyEnrolments.totalCount ?? 0;
  if (!count) return null;
  return (
    <span className="badge badge--count" aria-label={t('nav.pendingCount', { count })}>
      {count}
    </span>
  );
}

function LanguagePicker() {
  const { t, i18n } = useTranslation();
  return (
    <label className="language-picker">
      <span className="visually-hidden">{t('language')}</span>
      <select
        value={i18n.resolvedLanguage ?? i18n.language}
        onChange={(e) => {
          if (isUiLanguage(e.target.value)) void chooseLanguage(e.target.value);
        }}
      >
        {LANGUAGES.map((l) => (
          <option key={l.code} value={l.code} lang={l.code}>
            {l.name}
          </option>
        ))}
      </select>
    </label>
  );
}

/**
 * Every page's frame: a skip link, the programme's name, the navigation for the viewer's roles, the language picker;
 * after each navigation the page's heading takes the focus so a screen reader announces the new page.
 */
export function Layout() {
  const { t } = useTranslation();
  const { viewer, hasRole, signOut } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const heading = main.current?.querySelector<HTMLElement>('h1');
    (heading ?? main.current)?.focus();
  }, [location.pathname]);
  const isDelegate = hasRole('DELEGATE');
  const isFocalPoint = hasRole('FOCAL_POINT');
  const runsSessions = hasRole('TRAINER', 'REGIONAL_CENTRE', 'SECRETARIAT');
  const isSecretariat = hasRole('SECRETARIAT');
  return (
    <>
      <a className="skip-link" href="#main">
        {t('skipToContent')}
      </a>
      <header className="site-header">
        <div className="site-header__inner">
          <NavLink to="/" className="brand">
            <span className="brand__mark" aria-hidden="true">
              POPs
            </span>
            <span className="brand__name">{t('programme')}</span>
          </NavLink>
          <LanguagePicker />
        </div>
        <nav className="site-nav" aria-label={t('nav.label')}>
          <ul>
            <li>
              <NavLink to="/" end>
                {t('nav.catalogue')}
              </NavLink>
            </li>
            {isDelegate && (
              <>
                <li>
                  <NavLink to="/my/programme">{t('nav.programme')}</NavLink>
                </li>
                <li>
                  <NavLink to="/my/certificates">{t('nav.certificates')}</NavLink>
                </li>
              </>
            )}
            {isFocalPoint && (
              <>
                <li>
                  <NavLink to="/party/nominations">
                    {t('nav.nominations')} <NominationsBadge />
                  </NavLink>
                </li>
                <li>
                  <NavLink to="/party/enrolments">{t('nav.partyEnrolments')}</NavLink>
                </li>
                <li>
                  <NavLink to="/party/statistics">{t('nav.statistics')}</NavLink>
                </li>
              </>
            )}
            {runsSessions && (
              <li>
                <NavLink to="/trainer">{t('nav.teaching')}</NavLink>
              </li>
            )}
            {isSecretariat && (
              <li>
                <NavLink to="/secretariat">{t('nav.secretariat')}</NavLink>
              </li>
            )}
            {viewer ? (
              <>
                <li>
                  <NavLink to="/my/profile">{t('nav.profile')}</NavLink>
                </li>
                <li>
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => {
                      signOut();
                      void navigate('/');
                    }}
                  >
                    {t('nav.signOut')}
                  </button>
                </li>
              </>
            ) : (
              <>
                <li>
                  <NavLink to="/sign-in">{t('nav.signIn')}</NavLink>
                </li>
                <li>
                  <NavLink to="/sign-up">{t('nav.signUp')}</NavLink>
                </li>
              </>
            )}
          </ul>
        </nav>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
      <footer className="site-footer">
        <p>{t('footer')}</p>
      </footer>
    </>
  );
}
