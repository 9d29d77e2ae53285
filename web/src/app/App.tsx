import { lazy, Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { CataloguePage } from '../pages/catalogue/CataloguePage';
import { Loading, PageTitle } from '../ui/ui';
import { Layout } from './Layout';
import { SessionProvider, useSession, type Role } from './session';

// Code split by area: the catalogue comes with the first load; a delegate's pages, a focal point's pages and the
// staff's pages each come when first visited, so nobody downloads what only another role uses.
const SessionPage = lazy(() => import('../pages/session/SessionPage'));
const SignInPage = lazy(() => import('../pages/account/SignInPage'));
const SignUpPage = lazy(() => import('../pages/account/SignUpPage'));
const ConfirmEmailPage = lazy(() => import('../pages/account/ConfirmEmailPage'));
const ForgotPasswordPage = lazy(() => import('../pages/account/ForgotPasswordPage'));
const ResetPasswordPage = lazy(() => import('../pages/account/ResetPasswordPage'));
const ProgrammePage = lazy(() => import('../pages/my/ProgrammePage'));
const AssessmentPage = lazy(() => import('../pages/my/AssessmentPage'));
const CertificatesPage = lazy(() => import('../pages/my/CertificatesPage'));
const ProfilePage = lazy(() => import('../pages/my/ProfilePage'));
const NominationsPage = lazy(() => import('../pages/party/NominationsPage'));
const PartyEnrolmentsPage = lazy(() => import('../pages/party/PartyEnrolmentsPage'));
const PartyStatisticsPage = lazy(() => import('../pages/party/PartyStatisticsPage'));
const NominatePage = lazy(() => import('../pages/party/NominatePage'));
const TrainerArea = lazy(() => import('../pages/trainer/TrainerArea'));
const SecretariatArea = lazy(() => import('../pages/secretariat/SecretariatArea'));

/** A page for some roles: the sign-in page first for an anonymous visitor (then back here), a refusal for others. */
function RequireRole({ roles, children }: { roles?: Role[]; children: ReactNode }) {
  const { viewer, loading, hasRole } = useSession();
  const location = useLocation();
  const { t } = useTranslation();
  if (loading) return <Loading />;
  if (!viewer) {
    const next = encodeURIComponent(location.pathname + location.search);
    return <Navigate to={`/sign-in?next=${next}`} replace />;
  }
  if (roles && !hasRole(...roles)) {
    return (
      <section>
        <PageTitle>{t('forbidden.title')}</PageTitle>
        <p>{t('forbidden.text')}</p>
      </section>
    );
  }
  return <>{children}</>;
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

export function App() {
  return (
    <Suspense fallback={<Loading />}>
      <SessionProvider>
        <BrowserRouter>
          <Routes>
            <Route element={<Layout />}>
              <Route index element={<CataloguePage />} />
              <Route path="sessions/:id" element={<SessionPage />} />
              <Route path="sign-in" element={<SignInPage />} />
              <Route path="sign-up" element={<SignUpPage />} />
              <Route path="confirm-email" element={<ConfirmEmailPage />} />
              <Route path="forgot-password" element={<ForgotPasswordPage />} />
              <Route path="reset-password" element={<ResetPasswordPage />} />
              <Route
                path="my/programme"
                element={
                  <RequireRole roles={['DELEGATE']}>
                    <ProgrammePage />
                  </RequireRole>
                }
              />
              <Route
                path="my/assessments/:sessionId/:kind"
                element={
                  <RequireRole roles={['DELEGATE']}>
                    <AssessmentPage />
                  </RequireRole>
                }
              />
              <Route
                path="my/certificates"
                element={
                  <RequireRole roles={['DELEGATE']}>
                    <CertificatesPage />
                  </RequireRole>
                }
              />
              <Route
                path="my/certificates/:code"
                element={
                  <RequireRole roles={['DELEGATE']}>
                    <CertificatesPage />
                  </RequireRole>
                }
              />
              <Route
                path="my/profile"
                element={
                  <RequireRole>
                    <ProfilePage />
                  </RequireRole>
                }
              />
              <Route
                path="party/nominations"
                element={
                  <RequireRole roles={['FOCAL_POINT']}>
                    <NominationsPage />
                  </RequireRole>
                }
              />
              <Route
                path="party/enrolments"
                element={
                  <RequireRole roles={['FOCAL_POINT']}>
                    <PartyEnrolmentsPage />
                  </RequireRole>
                }
              />
              <Route
                path="party/statistics"
                element={
                  <RequireRole roles={['FOCAL_POINT']}>
                    <PartyStatisticsPage />
                  </RequireRole>
                }
              />
              <Route
                path="party/nominate"
                element={
                  <RequireRole roles={['FOCAL_POINT']}>
                    <NominatePage />
                  </RequireRole>
                }
              />
              <Route
                path="trainer/*"
                element={
                  <RequireRole roles={['TRAINER', 'REGIONAL_CENTRE', 'SECRETARIAT']}>
                    <TrainerArea />
                  </RequireRole>
                }
              />
              <Route
                path="secretariat/*"
                element={
                  <RequireRole roles={['SECRETARIAT']}>
                    <SecretariatArea />
                  </RequireRole>
                }
              />
              <Route path="*" element={<NotFound />} />
            </Route>
          </Routes>
        </BrowserRouter>
      </SessionProvider>
    </Suspense>
  );
}
