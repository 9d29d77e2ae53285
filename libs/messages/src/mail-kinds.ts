import type { CertificateDocument } from '@lib/documents';
import type {
  EnrolmentSnapshot,
  MaterialSnapshot,
  Recipient,
  RevokedCertificate,
  SessionSnapshot,
  UpcomingSession,
} from './outbox-events';

/** Every kind of e-mail the platform sends. */
export enum MailKind {
  ENROLMENT_CONFIRMED = 'ENROLMENT_CONFIRMED',
  ENROLMENT_WAITLISTED = 'ENROLMENT_WAITLISTED',
  ENROLMENT_PROMOTED = 'ENROLMENT_PROMOTED',
  ENDORSEMENT_REQUESTED = 'ENDORSEMENT_REQUESTED',
  ENROLMENT_DECLINED = 'ENROLMENT_DECLINED',
  ENROLMENT_CANCELLED = 'ENROLMENT_CANCELLED',
  ENROLMENT_EXPIRED = 'ENROLMENT_EXPIRED',
  SESSION_RESCHEDULED = 'SESSION_RESCHEDULED',
  SESSION_CANCELLED = 'SESSION_CANCELLED',
  MATERIAL_PUBLISHED = 'MATERIAL_PUBLISHED',
  SESSION_REMINDER = 'SESSION_REMINDER',
  CERTIFICATE_REVOKED = 'CERTIFICATE_REVOKED',
  ASSESSMENT_INVITATION = 'ASSESSMENT_INVITATION',
  ASSESSMENT_REMINDER = 'ASSESSMENT_REMINDER',
  FOLLOW_UP_SURVEY = 'FOLLOW_UP_SURVEY',
  CERTIFICATE_ISSUED = 'CERTIFICATE_ISSUED',
  EMAIL_VERIFICATION = 'EMAIL_VERIFICATION',
  REGISTRATION_ATTEMPT = 'REGISTRATION_ATTEMPT',
  PASSWORD_RESET = 'PASSWORD_RESET',
}

/** The ledger key (and job id) of an e-mail: kind, occurrence (the outbox event or the record) and recipient. */
export function mailKey(kind: MailKind, eventId: string, userId: string): string {
  return `${kind}.${eventId}.${userId}`;
}

/** What each kind of message is written from (everything it shows; nothing is read from elsewhere). */
export interface MailData {
  [MailKind.ENROLMENT_CONFIRMED]: { session: SessionSnapshot; enrolment: EnrolmentSnapshot };
  [MailKind.ENROLMENT_WAITLISTED]: { session: SessionSnapshot; enrolment: EnrolmentSnapshot };
  [MailKind.ENROLMENT_PROMOTED]: { session: SessionSnapshot; enrolment: EnrolmentSnapshot };
  /** To a focal point (or the Secretariat): a delegate of their Party asks for a workshop seat. */
  [MailKind.ENDORSEMENT_REQUESTED]: {
    session: SessionSnapshot;
    enrolment: EnrolmentSnapshot;
    delegate: Recipient;
    party: { code: string; name: string };
  };
  /** `reason`: the endorser's own words (endorseEnrolment's `reason`), shown as written; absent or null when none. */
  [MailKind.ENROLMENT_DECLINED]: {
    session: SessionSnapshot;
    enrolment: EnrolmentSnapshot;
    previousStatus: string;
    reason?: string | null;
  };
  [MailKind.ENROLMENT_CANCELLED]: {
    session: SessionSnapshot;
    enrolment: EnrolmentSnapshot;
    previousStatus: string;
    /** True when the delegate cancelled it themselves. */
    byDelegate: boolean;
  };
  /**
   * The recipient's WAITLISTED or PENDING_ENDORSEMENT enrolment (`previousStatus`) expired: the session started or was
   * completed (`cause`) first. With the published materials of its modules and the next sessions of those modules
   * (each linked to its page, PUBLIC_URL/sessions/{id}).
   */
  [MailKind.ENROLMENT_EXPIRED]: {
    session: SessionSnapshot;
    cause: 'SESSION_STARTED' | 'SESSION_COMPLETED';
    previousStatus: string;
    materials: MaterialSnapshot[];
    nextSessions: UpcomingSession[];
  };
  /** To the holder: the Secretariat revoked their certificate, for `reason`; it verifies as revoked from now on. */
  [MailKind.CERTIFICATE_REVOKED]: { certificate: RevokedCertificate; reason: string };
  /** `enrolmentStatus`: the recipient's status (CONFIRMED, WAITLISTED or PENDING_ENDORSEMENT). */
  [MailKind.SESSION_RESCHEDULED]: {
    session: SessionSnapshot;
    previous: { startsAt: string; endsAt: string };
    enrolmentStatus: string;
  };
  /** `previousStatus`: the recipient's status before the cancellation ended it. */
  [MailKind.SESSION_CANCELLED]: { session: SessionSnapshot; reason: string; previousStatus: string };
  [MailKind.MATERIAL_PUBLISHED]: {
    material: {
      id: string;
      title: string;
      /** A link material's address; null for a file material. */
      url: string | null;
      /**
       * A file material's file: its name and size (bytes), shown in the message; the message links to the module's
       * page, where a signed-in reader downloads it. Absent or null for a link material (events written before).
       */
      file?: { name: string; sizeBytes: number; contentType: string } | null;
      language: string;
      version: number;
      module: { code: string; title: string };
    };
  };
  /** `offsetMs`: how long before the start this reminder is due (one of REMINDER_OFFSETS). */
  [MailKind.SESSION_REMINDER]: { session: SessionSnapshot; offsetMs: number };
  /**
   * To a delegate marked present, when the trainer completes the session: take the post-course assessment of each
   * module by `dueAt` (ISO-8601 UTC); `passMark` per module decides completion and the certificate.
   */
  [MailKind.ASSESSMENT_INVITATION]: {
    session: SessionSnapshot;
    modules: { code: string; title: string; passMark: number }[];
    dueAt: string;
  };
  /** `ASSESSMENT_REMINDER_BEFORE` the due date, to an attendee who has not yet submitted: `modules` still to take. */
  [MailKind.ASSESSMENT_REMINDER]: {
    session: SessionSnapshot;
    modules: { code: string; title: string; passMark: number }[];
    dueAt: string;
  };
  /**
   * `FOLLOW_UP_AFTER` the session's completion: did the delegate's Party apply the guidance, and for what
   * (NIP update, national report, BAT/BEP measures, coordination mechanism)?
   */
  [MailKind.FOLLOW_UP_SURVEY]: { session: SessionSnapshot; completedAt: string };
  /**
   * The certificate, issued on completion; the PDF goes with it as an attachment (added by the sender, which
   * renders it from `certificate`). `pdfUrl` and `verifyUrl` are absolute links under PUBLIC_URL.
   */
  [MailKind.CERTIFICATE_ISSUED]: { certificate: CertificateDocument; pdfUrl: string; verifyUrl: string };
  /**
   * The link that confirms a new account's address (the web application's PUBLIC_URL/confirm-email?token=…), made by
   * the sender when it sends the message: the token is in no queue and no table in the clear. `expiresAt`: ISO-8601
   * UTC.
   */
  [MailKind.EMAIL_VERIFICATION]: { confirmUrl: string; expiresAt: string };
  /** To the owner of an existing account: someone registered with its address at `attemptedAt` (ISO-8601 UTC). */
  [MailKind.REGISTRATION_ATTEMPT]: { attemptedAt: string };
  /**
   * The link that sets a new password (PUBLIC_URL/reset-password?token=…), made like the confirmation link when the
   * message is sent. `expiresAt`: ISO-8601 UTC.
   */
  [MailKind.PASSWORD_RESET]: { resetUrl: string; expiresAt: string };
}
