/** The languages a certificate and its verification page are written in; the other UN languages read English. */
export type DocumentLanguage = 'EN' | 'FR' | 'ES';

export function documentLanguageOf(language: string | null | undefined): DocumentLanguage {
  const l = (language ?? '').toUpperCase();
  return l === 'FR' || l === 'ES' ? l : 'EN';
}

/**
 * Everything a certificate shows, fixed when it is issued (a later rename of the session or the holder does not
 * change a certificate already handed out). Times are ISO-8601 UTC; dates are shown in the session's time zone.
 */
export interface CertificateDocument {
  /** The verification code: at least 128 random bits, base64url. */
  code: string;
  holderName: string;
  party: { code: string; name: string };
  /** The holder's language (one of EN FR ES AR ZH RU); the text is in EN, FR or ES. */
  language: string;
  session: {
    kind: 'WEBINAR' | 'WORKSHOP';
    title: string;
    startsAt: string;
    endsAt: string;
    /** IANA zone of the session (venue or organiser). */
    timeZone: string;
    /** Workshops: the venue; null for webinars. */
    venue: string | null;
    hostCentre: { name: string; city: string } | null;
    /** UN region of a workshop (AFRICA, ...); null for webinars. */
    region: string | null;
  };
  modules: { code: string; title: string }[];
  issuedAt: string;
}

/** What the public verification page and query can say about a code. */
export interface VerificationView {
  state: 'VALID' | 'REVOKED' | 'UNKNOWN';
  holderName?: string;
  partyName?: string;
  sessionTitle?: string;
  moduleTitles?: string[];
  issuedAt?: string;
  revokedAt?: string | null;
}
