import i18next from 'i18next';
import resourcesToBackend from 'i18next-resources-to-backend';
import { initReactI18next } from 'react-i18next';

/**
 * The interface's languages: the programme's three working languages complete, the other UN languages ready (their
 * catalogues fill in as translations arrive; a missing string is shown in English). Catalogues are split by area
 * (namespace) and loaded on demand, one language at a time: a delegate never downloads the Secretariat's strings.
 */
export const LANGUAGES = [
  { code: 'en', name: 'English' },
  { code: 'fr', name: 'Français' },
  { code: 'es', name: 'Español' },
  { code: 'ar', name: 'العربية' },
  { code: 'zh', name: '中文' },
  { code: 'ru', name: 'Русский' },
] as const;
export type UiLanguage = (typeof LANGUAGES)[number]['code'];
const CODES: readonly string[] = LANGUAGES.map((l) => l.code);
const STORAGE_KEY = 'pops-lms.language';

export function isUiLanguage(code: string | null | undefined): code is UiLanguage {
  return !!code && CODES.includes(code);
}

/** The first of: the reader's earlier choice, the browser's languages, English. */
function initialLanguage(): UiLanguage {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (isUiLanguage(stored)) return stored;
  for (const tag of navigator.languages ?? [navigator.language]) {
    const code = tag.slice(0, 2).toLowerCase();
    if (isUiLanguage(code)) return code;
  }
  return 'en';
}

/** html lang and dir follow the language: Arabic lays out right to left. */
function applyToDocument(lng: string): void {
  document.documentElement.lang = lng;
  document.documentElement.dir = i18next.dir(lng);
}

export async function startI18n(): Promise<void> {
  i18next.on('languageChanged', applyToDocument);
  await i18next
    .use(resourcesToBackend((lng: string, ns: string) => import(`../locales/${lng}/${ns}.json`)))
    .use(initReactI18next)
    .init({
      lng: initialLanguage(),
      fallbackLng: 'en',
      supportedLngs: CODES,
      // The catalogue's words come with the first load: it is the first page of most visits.
      ns: ['common', 'errors', 'catalogue'],
      defaultNS: 'common',
      fallbackNS: 'common',
      interpolation: { escapeValue: false }, // React escapes
      returnNull: false,
      react: { useSuspense: true },
    });
  applyToDocument(i18next.language);
}

/** Switches the interface's language and remembers the choice on this device. */
export async function chooseLanguage(code: UiLanguage): Promise<void> {
  localStorage.setItem(STORAGE_KEY, code);
  await i18next.changeLanguage(code);
}

/** The API's Language enum (EN, FR…) for the interface's language, and back. */
export const toApiLanguage = (code: string) =>
  code.slice(0, 2).toUpperCase() as 'EN' | 'FR' | 'ES' | 'AR' | 'ZH' | 'RU';
export const fromApiLanguage = (code: string): UiLanguage => {
  const lower = code.toLowerCase();
  return isUiLanguage(lower) ? lower : 'en';
};
