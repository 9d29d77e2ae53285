/** The BullMQ queues. Each job name belongs to exactly one (JOB_QUEUE). */
export enum QueueName {
  /** Outbox events on their way to becoming messages and reminders. */
  OUTBOX = 'outbox',
  /** One e-mail per job. */
  MAIL = 'mail',
  /** Delayed jobs due at a moment: reminders (REMINDER_OFFSETS before a session), and the sweep of started sessions. */
  REMINDERS = 'reminders',
  /** Certificates to issue: the row, then the e-mail with the PDF (CPU-bound, so apart from the mail). */
  CERTIFICATES = 'certificates',
}
