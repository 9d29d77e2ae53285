import addressparser from 'nodemailer/lib/addressparser';

export interface Mailbox {
  name: string;
  address: string;
}

/**
 * MAIL_FROM (`Stockholm Convention Capacity Building <no-reply@localhost>`) as a name and an address: the calendar
 * part names its ORGANIZER with both. Parsed by nodemailer's own parser so that the header and the invitation agree.
 */
export function parseMailbox(text: string): Mailbox {
  const [first] = addressparser(text, { flatten: true });
  if (!first?.address) throw new Error(`not a mailbox: ${JSON.stringify(text)}`);
  return { name: first.name ?? '', address: first.address };
}
