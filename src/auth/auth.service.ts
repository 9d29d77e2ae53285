import { Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { isUuid, unauthenticated } from '@lib/common';
import { LoginRateLimiter } from './login-rate-limiter';
import { PasswordHasher } from './password';
import { User } from './user.entity';
import { UsersService } from './users.service';

interface TokenClaims {
  sub: string;
  ver: number;
  /** Set by the signer (JWT_TTL); read back only to refuse a token that never expires. */
  exp?: number;
}

/** Logins and the bearer tokens they issue. */
@Injectable()
export class AuthService {
  private readonly log = new Logger(AuthService.name);

  constructor(
    private readonly users: UsersService,
    private readonly jwt: JwtService,
    private readonly limiter: LoginRateLimiter,
    private readonly passwords: PasswordHasher,
  ) {}

  /**
   * A wrong password and an unknown e-mail get the same answer, in about the same time. The right password of an
   * account whose address is not confirmed yet gets EMAIL_NOT_VERIFIED: it proves the caller owns the account, so
   * saying so tells nobody else anything.
   */
  async login(email: string, password: string, client: string): Promise<{ accessToken: string; user: User }> {
    const key = email.trim().toLowerCase().slice(0, 254);
    const attempt = await this.limiter.begin(key, client);
    let user: User | null;
    let ok: boolean;
    try {
      user = key.length && password.length <= 200 ? await this.users.findByEmail(key) : null;
      ok = await this.passwords.verify(
        user?.passwordHash ?? (await this.passwords.dummyHash()),
        password.slice(0, 200),
      );
    } catch (err) {
      await attempt.unchecked();
      throw err;
    }
    if (!user || !ok || user.disabledAt) {
      this.log.warn({ msg: 'login refused', client });
      throw unauthenticated('Wrong e-mail or password');
    }
    await attempt.succeeded();
    if (!user.emailVerifiedAt) {
      throw unauthenticated('Confirm your e-mail address first with the link we sent you, or ask for a new one', {
        reason: 'EMAIL_NOT_VERIFIED',
      });
    }
    return { accessToken: await this.issueToken(user), user };
  }

  issueToken(user: User): Promise<string> {
    const claims: TokenClaims = { sub: user.id, ver: user.tokenVersion };
    return this.jwt.signAsync(claims);
  }

  /**
   * The user a bearer token stands for; throws UNAUTHENTICATED for a bad, expired or revoked token. Only HS256 with
   * our secret verifies (`none`, HS512, RS256 and the rest are refused whatever they carry), and a token must expire:
   * every token issued here has `exp`, so one without it was not issued here.
   */
  async userForToken(token: string): Promise<User> {
    let claims: TokenClaims;
    try {
      claims = await this.jwt.verifyAsync<TokenClaims>(token, { algorithms: ['HS256'] });
    } catch {
      throw unauthenticated('Invalid or expired token');
    }
    if (typeof claims.exp !== 'number') throw unauthenticated('Invalid or expired token');
    const user = isUuid(claims.sub) ? await this.users.findById(claims.sub) : null;
    if (!user || user.disabledAt || user.tokenVersion !== claims.ver) {
      throw unauthenticated('Invalid or expired token');
    }
    return user;
  }
}
