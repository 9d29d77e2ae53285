/**
 * The events the platform records in its outbox, in the same transaction as the change they describe, and the
 * payload of each. A payload holds everything a message about the change needs (recipients with their language and
 * time zone, the session as it was at that moment), so whatever sends it reads nothing else and a later change
 * cannot alter what an earlier message says.
 */
export enum OutboxEventType {
  ENROLMENT_CONFIRMED = 'ENROLMENT_CONFIRMED',
  ENROLMENT_WAITLISTED = 'ENROLMENT_WAITLISTED',
  ENROLMENT_PROMOTED = 'ENROLMENT_PROMOTED',
  ENDORSEMENT_REQUESTED = 'ENDORSEMENT_REQUESTED',
  ENROLMENT_DECLINED = 'ENROLMENT_DECLINED',
  ENROLMENT_CANCELLED = 'ENROLMENT_CANCELLED',
  SESSION_RESCHEDULED = 'SESSION_RESCHEDULED',
  SESSION_CANCELLED = 'SESSION_CANCELLED',
  SESSION_COMPLETED = 'SESSION_COMPLETED',
  ENROLMENT_COMPLETED = 'ENROLMENT_COMPLETED',
  MATERIAL_PUBLISHED = 'MATERIAL_PUBLISHED',
  /** A session started or was completed while delegates still waited for a seat or an endorsement: they expired. */
  ENROLMENTS_EXPIRED = 'ENROLMENTS_EXPIRED',
  /** The Secretariat revoked a certificate: its holder is told why. */
  CERTIFICATE_REVOKED = 'CERTIFICATE_REVOKED',
  /** A new account (or one not yet confirmed that registered or asked again): send a confirmation link. */
  EMAIL_VERIFICATION_REQUESTED = 'EMAIL_VERIFICATION_REQUESTED',
  /** Someone registered with the address of an existing account: tell its owner, nobody else. */
  REGISTRATION_ATTEMPTED = 'REGISTRATION_ATTEMPTED',
  /** The owner of an enabled account asked for a new password: send a reset link. */
  PASSWORD_RESET_REQUESTED = 'PASSWORD_RESET_REQUESTED',
}

/** Someone a message goes to. */
export interface Recipient {
  userId: string;
  email: string;
  fullName: string;
  /** One of EN FR ES AR ZH RU. */
  language: string;
  /** IANA time zone. */
  timeZone: string;
  partyCode: string | null;
}

/** A session as it stood when the event happened. Times are ISO-8601 UTC. */
export interface SessionSnapshot {
  id: string;
  kind: 'WEBINAR' | 'WORKSHOP';
  title: string;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  language: string;
  status: string;
  /** Bumped at every change of time or status: the ICS SEQUENCE. */
  sequence: number;
  /** With each module's pass mark (0–100) at the time. */
  modules: { code: string; title: string; passMark?: number }[];
  region: string | null;
  venue: string | null;
  hostCentre: { name: string; city: string } | null;
  /** Webinars only; for messages to delegates holding a seat. */
  joinUrl: string | null;
}

export interface EnrolmentSnapshot {
  id: string;
  status: string;
  funded: boolean;
  waitlistPosition: number | null;
}

/** Who made the change (null when the platform did it on its own). */
export interface Actor {
  userId: string;
  fullName: string;
}

/** A published training material, as a message lists it. */
export interface MaterialSnapshot {
  id: string;
  title: string;
  url: string;
  language: string;
  version: number;
  module: { code: string; title: string };
}

/** A session still to come that a message points to (its page is PUBLIC_URL/sessions/{id}). Times are ISO-8601 UTC. */
export interface UpcomingSession {
  id: string;
  kind: 'WEBINAR' | 'WORKSHOP';
  title: string;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  modules: { code: string; title: string }[];
  region: string | null;
}

/** What a revoked certificate said, for the message to its holder. */
export interface RevokedCertificate {
  id: string;
  code: string;
  holderName: string;
  sessionTitle: string;
  /** The session's zone: the dates are shown as they fell there. */
  timeZone: string;
  modules: { code: string; title: string }[];
  issuedAt: string;
  revokedAt: string;
}

interface EnrolmentEvent {
  enrolment: EnrolmentSnapshot;
  delegate: Recipient;
  session: SessionSnapshot;
  by: Actor | null;
}

export interface SessionRecipient extends Recipient {
  enrolmentId: string;
  enrolmentStatus: string;
}

export interface OutboxPayloads {
  [OutboxEventType.ENROLMENT_CONFIRMED]: EnrolmentEvent;
  [OutboxEventType.ENROLMENT_WAITLISTED]: EnrolmentEvent;
  [OutboxEventType.ENROLMENT_PROMOTED]: EnrolmentEvent;
  [OutboxEventType.ENDORSEMENT_REQUESTED]: EnrolmentEvent & {
    party: { code: string; name: string };
    /** The Party's focal points; the Secretariat when the Party has none. */
    endorsers: Recipient[];
  };
  /** `reason`: the endorser's own words, when they gave any. */
  [OutboxEventType.ENROLMENT_DECLINED]: EnrolmentEvent & { previousStatus: string; reason?: string | null };
  [OutboxEventType.ENROLMENT_CANCELLED]: EnrolmentEvent & { previousStatus: string };
  [OutboxEventType.SESSION_RESCHEDULED]: {
    session: SessionSnapshot;
    previous: { startsAt: string; endsAt: string };
    /** Delegates with an active enrolment (pending, confirmed or waitlisted). */
    recipients: SessionRecipient[];
    by: Actor | null;
  };
  [OutboxEventType.SESSION_CANCELLED]: {
    session: SessionSnapshot;
    reason: string;
    /** Delegates whose enrolment the cancellation ended, with the status it had before. */
    recipients: (SessionRecipient & { previousStatus?: string })[];
    by: Actor | null;
  };
  [OutboxEventType.SESSION_COMPLETED]: {
    session: SessionSnapshot;
    /**
     * Delegates who attended (ATTENDED, or COMPLETED when they passed before the session was closed): the ATTENDED
     * get the post-course assessment, all of them the follow-up survey.
     */
    attendees: SessionRecipient[];
    noShowCount: number;
    by: Actor | null;
  };
  /** An attendee reached the pass mark of every module of the session: a certificate is due. */
  [OutboxEventType.ENROLMENT_COMPLETED]: {
    enrolmentId: string;
    sessionId: string;
    delegateId: string;
    by: Actor | null;
  };
  [OutboxEventType.MATERIAL_PUBLISHED]: {
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
    /** Delegates holding a seat in a scheduled or completed session of the material's module. */
    recipients: Recipient[];
    by: Actor | null;
  };
  [OutboxEventType.ENROLMENTS_EXPIRED]: {
    session: SessionSnapshot;
    /** SESSION_STARTED: its start passed (the sweep); SESSION_COMPLETED: it was completed before that. */
    cause: 'SESSION_STARTED' | 'SESSION_COMPLETED';
    /** Delegates whose WAITLISTED or PENDING_ENDORSEMENT enrolment expired, with that status. */
    recipients: (SessionRecipient & { previousStatus: string })[];
    /** The published materials of the session's modules. */
    materials: MaterialSnapshot[];
    /** The next scheduled sessions of its modules the delegates may enrol in. */
    nextSessions: UpcomingSession[];
    by: Actor | null;
  };
  [OutboxEventType.CERTIFICATE_REVOKED]: {
    certificate: RevokedCertificate;
    holder: Recipient;
    reason: string;
    by: Actor | null;
  };
  /** The link itself is made when the e-mail is sent (the token is never stored or queued in the clear). */
  [OutboxEventType.EMAIL_VERIFICATION_REQUESTED]: { account: Recipient };
  [OutboxEventType.REGISTRATION_ATTEMPTED]: { account: Recipient };
  /** Like the confirmation link, the reset link is made when the e-mail is sent. */
  [OutboxEventType.PASSWORD_RESET_REQUESTED]: { account: Recipient };
}

export type OutboxPayload<T extends OutboxEventType = OutboxEventType> = OutboxPayloads[T];
