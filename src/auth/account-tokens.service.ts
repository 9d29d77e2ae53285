import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AccountTokenPurpose } from './account-token-purpose.enum';

/** 256 random bits, URL-safe: what a link carries. */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * One-time account tokens (e-mail confirmation now, password reset later). A token is made when its e-mail is sent,
 * and only its SHA-256 is kept: the token exists in the e-mail and nowhere else.
 */
@Injectable()
export class AccountTokensService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async mint(userId: string, purpose: AccountTokenPurpose, ttlMs: number): Promise<{ token: string; expiresAt: Date }> {
    const token = randomBytes(32).toString('base64url');
    const [row] = await this.db.query(
      `INSERT INTO account_token (user_id, purpose, token_hash, expires_at)
       VALUES ($1, $2, $3, now() + make_interval(secs => $4)) RETURNING expires_at`,
      [userId, purpose, sha256(token), ttlMs / 1000],
    );
    return { token, expiresAt: row.expires_at };
  }

  /** Forgets a token that was made but never sent (its e-mail was sent already by another run, or failed). */
  async discard(token: string): Promise<void> {
    await this.db.query(`DELETE FROM account_token WHERE token_hash = $1`, [sha256(token)]);
  }

  /** The account a token would act for if it were used now, or null (unknown, used or expired). Reads only. */
  async peek(token: string, purpose: AccountTokenPurpose): Promise<string | null> {
    if (!TOKEN.test(token)) return null;
    const [row] = await this.db.query(
      `SELECT user_id FROM account_token WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now()`,
      [sha256(token), purpose],
    );
    return row?.user_id ?? null;
  }

  /**
   * Uses a token, inside the caller's transaction: the account it acts for, or null when it is unknown, used or
   * expired. One statement decides, so two uses of one token at the same moment cannot both succeed. The account's
   * other tokens of the same purpose go with it (a confirmed address needs no second link).
   */
  async use(tx: EntityManager, token: string, purpose: AccountTokenPurpose): Promise<string | null> {
    if (!TOKEN.test(token)) return null;
    // TypeORM answers an UPDATE with [rows, count].
    const [[row]]: [{ user_id: string }[], number] = await tx.query(
      `UPDATE account_token SET used_at = now()
        WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now()
        RETURNING user_id`,
      [sha256(token), purpose],
    );
    if (!row) return null;
    await tx.query(`UPDATE account_token SET used_at = now() WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL`, [
      row.user_id,
      purpose,
    ]);
    return row.user_id;
  }
}
