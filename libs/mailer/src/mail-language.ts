import type { ComposedMail } from './mail-kinds';

/** The languages e-mails are written in; the other UN languages read the English text. */
export type TextLanguage = ComposedMail['language'];

/**
 * The locale dates and times are written in, per platform language. English is en-GB (day before month, the UN's
 * English); a text language and a date locale differ for AR, ZH and RU, whose readers get English words but their
 * own calendar conventions.
 */
const DATE_LOCALES: Record<string, string> = {
  EN: 'en-GB',
  FR: 'fr-FR',
  ES: 'es-ES',
  AR: 'ar',
  ZH: 'zh-CN',
  RU: 'ru-RU',
};

export function textLanguageOf(language: string): TextLanguage {
  const code = String(language ?? '').toUpperCase();
  return code === 'FR' || code === 'ES' ? code : 'EN';
}

export function dateLocaleOf(language: string): string {
  return DATE_LOCALES[String(language ?? '').toUpperCase()] ?? DATE_LOCALES.EN;
}
