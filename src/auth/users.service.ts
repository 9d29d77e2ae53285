import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Clock } from '../clock/clock';
import { In, Repository, type EntityManager } from 'typeorm';
import { badInput, canonicalTimeZone, conflict, forbidden } from '@lib/common';
import { rawEntity } from '../database/raw-entity';
import { isUniqueViolation } from '../database/unique-violation';
import { Connection, paginateByTimeAndId } from '../graphql/pagination';
import { isSecretariat } from './policies';
import { CatalogueService } from '../catalogue/catalogue.service';
import { Language } from '../catalogue/catalogue.enums';
import { CreateUserInput, RegisterInput } from './dto/auth.inputs';
import { PasswordHasher } from './password';
import { Role } from './role.enum';
import { User } from './user.entity';

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

/** A delegate's own sign-up, checked and normalised, before it is written. */
export interface DelegateSignUp {
  email: string;
  fullName: string;
  partyCode: string;
  language: Language;
  timeZone: string;
  gender: string | null;
}

/** Accounts: who exists, with which roles, in which Party. */
@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly catalogue: CatalogueService,
    private readonly passwords: PasswordHasher,
    private readonly clock: Clock,
  ) {}

  /** A delegate's sign-up as it would be stored: checked (Party, time zone), not yet written, password not hashed. */
  async delegateSignUp(input: RegisterInput): Promise<DelegateSignUp> {
    const party = await this.catalogue.requireParty(input.partyCode);
    const timeZone = canonicalTimeZone(input.timeZone);
    if (!timeZone) throw badInput('timeZone', `unknown IANA time zone ${input.timeZone}`);
    return {
      email: normaliseEmail(input.email),
      fullName: input.fullName.trim(),
      partyCode: party.code,
      language: input.language,
      timeZone,
      gender: input.gender ?? null,
    };
  }

  /**
   * Writes a sign-up as a new, unconfirmed DELEGATE account unless the address has one already: the same statement
   * either way (the unique index decides, also between two sign-ups at the same moment), then the account it names.
   */
  async insertUnlessExists(
    tx: EntityManager,
    signUp: DelegateSignUp,
    passwordHash: string,
  ): Promise<{ user: User; created: boolean }> {
    const inserted = await tx
      .createQueryBuilder()
      .insert()
      .into(User)
      .values({ ...signUp, passwordHash, roles: [Role.DELEGATE], regionalCentreId: null, emailVerifiedAt: null })
      .orIgnore()
      .returning(['id'])
      .execute();
    const id = (inserted.raw as { id: string }[])[0]?.id;
    const user = await tx.getRepository(User).findOneByOrFail(id ? { id } : { email: signUp.email });
    return { user, created: !!id };
  }

  /** Confirms an account's address (once: a second confirmation keeps the first moment). */
  async markEmailVerified(tx: EntityManager, id: string): Promise<void> {
    await tx.query(`UPDATE app_user SET email_verified_at = COALESCE(email_verified_at, now()) WHERE id = $1`, [id]);
  }

  /** The Secretariat adding staff, trainers, focal points, regional-centre staff or delegates. */
  async create(input: CreateUserInput): Promise<User> {
    const roles = [...new Set(input.roles)];
    let partyCode: string | null = null;
    if (input.partyCode) partyCode = (await this.catalogue.requireParty(input.partyCode)).code;
    if (!partyCode && (roles.includes(Role.DELEGATE) || roles.includes(Role.FOCAL_POINT))) {
      throw badInput('partyCode', 'partyCode is required for DELEGATE and FOCAL_POINT');
    }
    let regionalCentreId: string | null = null;
    if (input.regionalCentreId) {
      const centre = await this.catalogue.findCentre(input.regionalCentreId);
      if (!centre) throw badInput('regionalCentreId', 'unknown regional centre');
      regionalCentreId = centre.id;
    } else if (roles.includes(Role.REGIONAL_CENTRE)) {
      throw badInput('regionalCentreId', 'regionalCentreId is required for REGIONAL_CENTRE');
    }
    return this.insert({
      email: input.email,
      password: input.password,
      fullName: input.fullName,
      roles,
      partyCode,
      language: input.language ?? Language.EN,
      timeZone: input.timeZone ?? 'UTC',
      gender: input.gender ?? null,
      regionalCentreId,
    });
  }

  private async insert(data: {
    email: string;
    password: string;
    fullName: string;
    roles: Role[];
    partyCode: string | null;
    language: Language;
    timeZone: string;
    gender: string | null;
    regionalCentreId: string | null;
  }): Promise<User> {
    const timeZone = canonicalTimeZone(data.timeZone);
    if (!timeZone) throw badInput('timeZone', `unknown IANA time zone ${data.timeZone}`);
    const email = normaliseEmail(data.email);
    if (await this.users.existsBy({ email })) throw this.duplicate();
    const user = this.users.create({
      email,
      passwordHash: await this.passwords.hash(data.password),
      // The Secretariat or the platform vouches for the address: no confirmation e-mail.
      emailVerifiedAt: this.clock.now(),
      fullName: data.fullName.trim(),
      roles: data.roles,
      partyCode: data.partyCode,
      language: data.language,
      timeZone,
      gender: data.gender,
      regionalCentreId: data.regionalCentreId,
    });
    try {
      return await this.users.save(user);
    } catch (err) {
      // Two sign-ups with one address at the same moment: the unique index decides.
      if (isUniqueViolation(err)) throw this.duplicate();
      throw err;
    }
  }

  private duplicate() {
    return conflict('ALREADY_EXISTS', 'An account with this e-mail already exists', { field: 'email' });
  }

  /** The Secretariat lists every account; a focal point only their own Party's. */
  async list(
    filter: { role?: Role | null; partyCode?: string | null },
    viewer: User,
    first: number,
    after?: string | null,
  ): Promise<Connection<User>> {
    let partyCode = filter.partyCode?.toUpperCase() ?? null;
    if (!isSecretariat(viewer)) {
      if (!viewer.partyCode || (partyCode && partyCode !== viewer.partyCode)) {
        throw forbidden("A focal point sees their own Party's accounts only");
      }
      partyCode = viewer.partyCode;
    }
    const qb = this.users.createQueryBuilder('u');
    if (partyCode) qb.andWhere('u.party_code = :partyCode', { partyCode });
    if (filter.role) qb.andWhere(':role = ANY(u.roles)', { role: filter.role });
    return paginateByTimeAndId(
      qb,
      { first, after },
      {
        timeColumn: 'u.created_at',
        idColumn: 'u.id',
      },
    );
  }

  findByEmail(email: string): Promise<User | null> {
    return this.users.findOneBy({ email: normaliseEmail(email) });
  }

  /** Every request's token is checked against this row: plain SQL, not the query builder (see RawEntity). */
  async findById(id: string): Promise<User | null> {
    const raw = rawEntity(this.users.manager, User);
    return raw.first(await this.users.query(`SELECT ${raw.columns} FROM ${raw.table} WHERE "id" = $1 LIMIT 1`, [id]));
  }

  /** `tx`: read inside the caller's transaction (a transaction must never wait for a second pooled connection). */
  usersByIds(ids: readonly string[], tx?: EntityManager): Promise<User[]> {
    return (tx ? tx.getRepository(User) : this.users).findBy({ id: In([...ids]) });
  }

  /** Enabled accounts holding a role, optionally of one Party (e.g. the focal points a nomination goes to). */
  withRole(role: Role, partyCode?: string | null, tx?: EntityManager): Promise<User[]> {
    const qb = (tx ? tx.getRepository(User) : this.users)
      .createQueryBuilder('u')
      .where(':role = ANY(u.roles)', { role })
      .andWhere('u.disabled_at IS NULL')
      .orderBy('u.created_at', 'ASC');
    if (partyCode) qb.andWhere('u.party_code = :partyCode', { partyCode });
    return qb.getMany();
  }

  /**
   * A new calendar feed token (256 random bits, URL-safe) for the user; the previous one stops working. Only its hash
   * is kept, so the feed address is shown once and a copy of the database does not reveal anyone's feed.
   */
  async rotateCalendarToken(userId: string): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await this.users.update({ id: userId }, { calendarTokenHash: sha256(token) });
    return token;
  }

  /** The enabled account a calendar feed token belongs to, or null. */
  async findByCalendarToken(token: string): Promise<User | null> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
    const user = await this.users.findOneBy({ calendarTokenHash: sha256(token) });
    return user && !user.disabledAt ? user : null;
  }

  /** A new password for the account; the tokens issued before stop working. */
  async setPassword(id: string, password: string): Promise<void> {
    const passwordHash = await this.passwords.hash(password);
    await this.users.update({ id }, { passwordHash, tokenVersion: () => 'token_version + 1' });
  }

  /** A password already hashed, inside the caller's transaction; the tokens issued before stop working. */
  async replacePassword(tx: EntityManager, id: string, passwordHash: string): Promise<void> {
    await tx.getRepository(User).update({ id }, { passwordHash, tokenVersion: () => 'token_version + 1' });
  }

  /** The account's own details (updateProfile), already checked. */
  async updateProfile(
    id: string,
    patch: Partial<Pick<User, 'fullName' | 'language' | 'timeZone' | 'gender'>>,
  ): Promise<void> {
    await this.users.update({ id }, patch);
  }

  /**
   * Disables an account; every token issued to it stops working at once. `tx`: inside the caller's transaction (the
   * account's enrolments are cancelled in the same one).
   */
  async disable(id: string, tx?: EntityManager): Promise<User | null> {
    const users = tx ? tx.getRepository(User) : this.users;
    await users.update({ id }, { disabledAt: this.clock.now(), tokenVersion: () => 'token_version + 1' });
    return users.findOneBy({ id });
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
