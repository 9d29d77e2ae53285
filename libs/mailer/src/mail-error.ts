/**
 * The codes nodemailer gives an SMTP refusal of the message itself: EENVELOPE for MAIL FROM / RCPT TO, EMESSAGE for
 * the reply after DATA. Other coded failures (EAUTH, ECONNECTION, ETIMEDOUT, ESOCKET, EDNS, ETLS, EPROTOCOL...) are
 * about the connection or the configuration: the same message may go through later or after an operator's fix.
 */
const MESSAGE_REFUSALS = new Set(['EENVELOPE', 'EMESSAGE']);

/**
 * True when retrying cannot help: the SMTP server refused this message's envelope or data with a 5xx reply (the
 * address does not exist, the message is rejected for good). False for 4xx replies (421 service unavailable,
 * 450 mailbox busy), for connection failures and timeouts, and for anything that is not an SMTP reply.
 * 503 (bad sequence of commands) is not permanent: it describes the session's state, not the message, and the
 * same message can go through on a fresh connection (RFC 5321 4.2.1; nodemailer treats it the same way).
 */
export function isPermanentMailError(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const { code, responseCode } = err as { code?: unknown; responseCode?: unknown };
  if (typeof code !== 'string' || !MESSAGE_REFUSALS.has(code)) return false;
  if (typeof responseCode !== 'number') return false;
  return responseCode >= 500 && responseCode < 600 && responseCode !== 503;
}
