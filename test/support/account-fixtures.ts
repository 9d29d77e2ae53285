import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { must, type TestApp } from './test-app';

export const REGISTER = `mutation R($input: RegisterInput!) { register(input: $input) { email verificationRequired } }`;
export const CONFIRM_EMAIL = `mutation C($token: String!) {
  confirmEmail(token: $token) { accessToken user { id email fullName roles language timeZone party { code region } } }
}`;

/** The token of the confirmation link in a message (text or HTML). */
export function confirmationTokenIn(text: string): string {
  const match = /\/confirm-email\?token=([A-Za-z0-9_-]{43})\b/.exec(text);
  if (!match) throw new Error(`no confirmation link in: ${text.slice(0, 500)}`);
  return match[1];
}

/**
 * The text of the newest confirmation e-mail to an account, as the workers wrote it under MAIL_DIR (no SMTP_URL):
 * its file name is its Message-ID, which starts with the ledger key `EMAIL_VERIFICATION.<event>.<user>`.
 */
export async function confirmationMailFile(t: TestApp, userId: string, after = 0, ms = 30_000): Promise<string> {
  const prefix = 'EMAIL_VERIFICATION.';
  const until = Date.now() + ms;
  for (;;) {
    const names = await readdir(t.config.mailDir).catch(() => [] as string[]);
    const mine = names.filter((n) => n.startsWith(prefix) && n.includes(`.${userId}@`) && n.endsWith('.eml'));
    const dated = await Promise.all(
      mine.map(async (n) => ({ n, at: (await stat(join(t.config.mailDir, n))).mtimeMs })),
    );
    const newest = dated.filter((d) => d.at > after).sort((a, b) => b.at - a.at)[0];
    if (newest) return (await simpleParser(await readFile(join(t.config.mailDir, newest.n)))).text ?? '';
    if (Date.now() > until) throw new Error(`no confirmation e-mail for ${userId} under ${t.config.mailDir}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Confirms a registration as its owner does: the link's token read from the e-mail the workers wrote (the app must
 * run them: PROCESS_ROLE all), then `confirmEmail`, which signs in. The answer of confirmEmail.
 */
export async function confirmRegistration(t: TestApp, email: string): Promise<{ accessToken: string; user: any }> {
  const [row] = await t.db.query(`SELECT id FROM app_user WHERE email = lower($1)`, [email]);
  if (!row) throw new Error(`no account for ${email}`);
  const token = confirmationTokenIn(await confirmationMailFile(t, row.id));
  return must(await t.gql(CONFIRM_EMAIL, { token }), 'confirmEmail');
}
