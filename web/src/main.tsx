import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { bootClient } from './app/session';
import { startI18n } from './i18n/i18n';
import { prefetchCatalogue } from './pages/catalogue/CataloguePage';
import './styles.css';

// The catalogue's data is asked for at once, while the interface's words (one small catalogue per area and
// language) load; the app renders when the words are there.
if (window.location.pathname === '/') prefetchCatalogue(bootClient.client, window.location.search);
void startI18n().then(() => {
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
});
