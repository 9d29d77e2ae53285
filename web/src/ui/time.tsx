import { useTranslation } from 'react-i18next';
import { useSession } from '../app/session';

/** The viewer's zone: their profile's once signed in, else the browser's. */
export function useViewerZone(): string {
  const { viewer } = useSession();
  return viewer?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
}

function format(iso: string, zone: string, locale: string, withDate: boolean): string {
  return new Intl.DateTimeFormat(locale, {
    ...(withDate ? { weekday: 'short', day: 'numeric', month: 'long', year: 'numeric' } : {}),
    hour: '2-digit',
    minute: '2-digit',
    timeZone: zone,
  }).format(new Date(iso));
}

/** Whether two instants fall on the same calendar day in a zone (a three-day workshop's end shows its date). */
function sameDay(a: string, b: string, zone: string): boolean {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
  return day.format(new Date(a)) === day.format(new Date(b));
}

/** The zone's name in the reader's language ("Central European Standard Time"), as the e-mails write it. */
function zoneName(iso: string, zone: string, locale: string): string {
  const part = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'long' })
    .formatToParts(new Date(iso))
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? zone;
}

/**
 * When a session runs: in the session's own zone and, when it differs, in the viewer's, each zone named. <time>
 * carries the exact instant for machines.
 */
export function SessionTimes({ startsAt, endsAt, timeZone }: { startsAt: string; endsAt: string; timeZone: string }) {
  const { t, i18n } = useTranslation();
  const viewerZone = useViewerZone();
  const locale = i18n.language;
  const line = (zone: string) => (
    <>
      <time dateTime={startsAt}>{format(startsAt, zone, locale, true)}</time>–
      <time dateTime={endsAt}>{format(endsAt, zone, locale, !sameDay(startsAt, endsAt, zone))}</time>{' '}
      <span className="zone">{zoneName(startsAt, zone, locale)}</span>
    </>
  );
  const sameOffset =
    format(startsAt, timeZone, 'en', true) === format(startsAt, viewerZone, 'en', true) &&
    zoneName(startsAt, timeZone, 'en') === zoneName(startsAt, viewerZone, 'en');
  return (
    <div className="times">
      <p>{line(timeZone)}</p>
      {!sameOffset && (
        <p className="times__viewer">
          {t('yourTime')} {line(viewerZone)}
        </p>
      )}
    </div>
  );
}

export function DateText({ iso }: { iso: string }) {
  const { i18n } = useTranslation();
  const zone = useViewerZone();
  return (
    <time dateTime={iso}>
      {new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short', timeZone: zone }).format(
        new Date(iso),
      )}
    </time>
  );
}
