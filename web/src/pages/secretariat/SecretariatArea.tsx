import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Route, Routes } from 'react-router';
import { Loading, PageTitle } from '../../ui/ui';
import './secretariat.css';

// Each page in its own chunk: the chart library comes only with the dashboard.
const DashboardPage = lazy(() => import('./DashboardPage'));
const BudgetPage = lazy(() => import('./BudgetPage'));
const SessionsPage = lazy(() => import('./SessionsPage'));
const AccountsPage = lazy(() => import('./AccountsPage'));
const MailPage = lazy(() => import('./MailPage'));

const PAGES = ['dashboard', 'budget', 'sessions', 'accounts', 'mail'] as const;

/** The landing page: what each of the Secretariat's pages is for. */
function Landing() {
  const { t } = useTranslation('secretariat');
  return (
    <section className="sec-page">
      <PageTitle>{t('title')}</PageTitle>
      <p className="lead">{t('intro')}</p>
      <nav aria-label={t('nav.label')}>
        <ul className="sec-landing">
          {PAGES.map((p) => (
            <li key={p} className="sec-card">
              <h2>
                <Link to={`/secretariat/${p}`}>{t(`nav.${p}`)}</Link>
              </h2>
              <p>{t(`landing.${p}`)}</p>
            </li>
          ))}
        </ul>
      </nav>
    </section>
  );
}

/** The Secretariat's pages: dashboard, budget, scheduling, accounts, e-mails. */
export default function SecretariatArea() {
  return (
    <Suspense fallback={<Loading />}>
      <Routes>
        <Route index element={<Landing />} />
        <Route path="dashboard" element={<DashboardPage />} />
        <Route path="budget" element={<BudgetPage />} />
        <Route path="sessions" element={<SessionsPage />} />
        <Route path="accounts" element={<AccountsPage />} />
        <Route path="mail" element={<MailPage />} />
      </Routes>
    </Suspense>
  );
}
