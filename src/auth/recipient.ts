import type { Recipient } from '@lib/queue';
import type { User } from './user.entity';

/** An account as a message's recipient: address, name, language and time zone. */
export const recipientOf = (
  u: Pick<User, 'id' | 'email' | 'fullName' | 'language' | 'timeZone' | 'partyCode'>,
): Recipient => ({
  userId: u.id,
  email: u.email,
  fullName: u.fullName,
  language: u.language,
  timeZone: u.timeZone,
  partyCode: u.partyCode,
});
