export * from './mail-kinds';
export { composeMail } from './compose-mail';
export { buildCalendarFeed } from './calendar-feed';
export { Mailer, buildMessage, smtpPoolOptions, type BuiltMessage, type MailerOptions } from './mailer';
export { isPermanentMailError } from './mail-error';
