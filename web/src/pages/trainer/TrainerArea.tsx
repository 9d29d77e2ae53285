import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Route, Routes } from 'react-router';
import { useSession } from '../../app/session';
import { Loading, PageTitle } from '../../ui/ui';
import MySessionsPage from './MySessionsPage';
import RosterPage from './RosterPage';
import './trainer.css';

// The file upload (tus-js-client) and the assessment editor load only when their pages are opened.
const MaterialsPage = lazy(() => import('./MaterialsPage'));
const AssessmentsPage = lazy(() => import('./AssessmentsPage'));

/** Whether the viewer may write materials and assessments: trainers (of the modules assigned to them) and the Secretariat. */
export function useAuthorsModules(): boolean {
  const { hasRole } = useSession();
  return hasRole('TRAINER', 'SECRETARIAT');
}

function AreaNav() {
  const { t } = useTranslation('trainer');
  const authors = useAuthorsModules();
  return (
    <nav className="trainer-nav" aria-label={t('nav.label')}>
      <ul>
        <li>
          <NavLink to="/trainer" end>
            {t('nav.sessions')}
          </NavLink>
        </li>
        {authors && (
          <>
            <li>
              <NavLink to="/trainer/materials">{t('nav.materials')}</NavLink>
            </li>
            <li>
              <NavLink to="/trainer/assessments">{t('nav.assessments')}</NavLink>
            </li>
          </>
        )}
      </ul>
    </nav>
  );
}

function NotFound() {
  const { t } = useTranslation();
  return (
    <section>
      <PageTitle>{t('notFound.title')}</PageTitle>
      <p>{t('notFound.text')}</p>
    </section>
  );
}

/** The pages of those who run sessions: trainers, regional-centre staff (and the Secretariat). */
export default function TrainerArea() {
  const authors = useAuthorsModules();
  return (
    <>
      <AreaNav />
      <Suspense fallback={<Loading />}>
        <Routes>
          <Route index element={<MySessionsPage />} />
          <Route path="sessions/:id" element={<RosterPage />} />
          {authors && <Route path="materials" element={<MaterialsPage />} />}
          {authors && <Route path="assessments" element={<AssessmentsPage />} />}
          <Route path="*" element={<NotFound />} />
        </Routes>
      </Suspense>
    </>
  );
}
