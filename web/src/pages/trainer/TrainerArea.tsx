import { useTranslation } from 'react-i18next';
import { Route, Routes } from 'react-router';
import { PageTitle } from '../../ui/ui';

/** The pages of those who run sessions: trainers, regional-centre staff (and the Secretariat). */
export default function TrainerArea() {
  const { t } = useTranslation('trainer');
  return (
    <Routes>
      <Route index element={<PageTitle>{t('title', 'Sessions I run')}</PageTitle>} />
    </Routes>
  );
}
