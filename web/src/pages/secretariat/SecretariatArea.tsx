import { useTranslation } from 'react-i18next';
import { Route, Routes } from 'react-router';
import { PageTitle } from '../../ui/ui';

/** The Secretariat's pages: dashboard, budget, scheduling, accounts, e-mails. */
export default function SecretariatArea() {
  const { t } = useTranslation('secretariat');
  return (
    <Routes>
      <Route index element={<PageTitle>{t('title', 'Programme management')}</PageTitle>} />
    </Routes>
  );
}
