export * from './mail-kinds';
export { composeMail } from './compose-mail';
export { buildCalendarFeed, type CalendarFeedContext, type CalendarFeedItem } from './calendar-feed';
export { Mailer, type MailerOptions, type MailSendResult } from './mailer';
export { isPermanentMailError } from './mail-error';
export { sessionUid } from './session-calendar';
export { emlFileName } from './eml-directory';
