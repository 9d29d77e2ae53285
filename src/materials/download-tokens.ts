import { createHmac, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { Clock } from '../clock/clock';

/** How long a download link works: a working day, so a page left open still plays its video. */
export const DOWNLOAD_LINK_TTL_MS = 12 * 60 * 60 * 1000;

/**
 * The tokens of download links (`/files/materials/{id}?token=…`): a plain link or a `<video src>` cannot send a
 * bearer header, so the link carries its own credential. A token binds one viewer, one material version and an
 * expiry, signed with HMAC-SHA256 under a key derived from the deployment's JWT secret (never the secret itself, so a
 * download token is no access token and the reverse). Format: `<userId>.<expiry, epoch seconds>.<signature>`.
 */
@Injectable()
export class DownloadTokens {
  private readonly key: Buffer;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly clock: Clock,
  ) {
    this.key = createHmac('sha256', config.jwtSecret).update('material-download-link/v1').digest();
  }

  /** A token for `userId` to download version `materialVersionId`, working until `expiresAt` (default: 12 h). */
  sign(userId: string, materialVersionId: string, expiresAt = new Date(this.clock.nowMs() + DOWNLOAD_LINK_TTL_MS)) {
    const exp = Math.floor(expiresAt.getTime() / 1000);
    return `${userId}.${exp}.${this.signature(userId, materialVersionId, exp)}`;
  }

  /** The link a viewer is given (a path on the API's origin). */
  path(userId: string, materialVersionId: string): string {
    return `/files/materials/${materialVersionId}?token=${this.sign(userId, materialVersionId)}`;
  }

  /** The user id the token was given to, if it is this version's, unaltered and unexpired; else null. */
  verify(token: string, materialVersionId: string): string | null {
    const m = /^([0-9a-f-]{36})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(token);
    if (!m) return null;
    const [, userId, expText, given] = m;
    const exp = Number(expText);
    const expected = Buffer.from(this.signature(userId, materialVersionId, exp));
    if (!timingSafeEqual(expected, Buffer.from(given))) return null;
    return exp * 1000 > this.clock.nowMs() ? userId : null;
  }

  private signature(userId: string, materialVersionId: string, exp: number): string {
    return createHmac('sha256', this.key).update(`${userId}\n${materialVersionId}\n${exp}`).digest('base64url');
  }
}
