import { Role } from '../../src/auth/role.enum';
import { UsersService } from '../../src/auth/users.service';
import type { Language } from '../../src/catalogue/catalogue.enums';
import type { WebinarInput } from '../../src/sessions/dto/session.inputs';
import { SessionSchedulingService } from '../../src/sessions/session-scheduling.service';
import { CREATE_WORKSHOP, ENROL, SCHEDULE_WEBINAR, inDays, webinarInput } from './enrolment-fixtures';
import { assignTrainer } from './role-fixtures';
import { must, type TestApp } from './test-app';

/**
 * Factories for the objects most tests start from: accounts, sessions and enrolments. Each goes through the platform
 * (GraphQL as a caller would, or its own services where dozens are needed), never through SQL, so what it makes is
 * what the platform would make. Defaults make a valid object; a test overrides what it cares about. A factory the
 * platform refuses throws with the GraphQL errors.
 */

type Account = Awaited<ReturnType<TestApp['user']>>;
type UserOverrides = NonNullable<Parameters<TestApp['user']>[1]> & {
  /** Roles held besides the factory's own (a delegate who is also a focal point, say). */
  also?: Role[];
};

const account = (t: TestApp, role: Role, { also = [], ...extra }: UserOverrides) => t.user([role, ...also], extra);

/** A DELEGATE (of SEN unless `partyCode` says otherwise). */
export const aDelegate = (t: TestApp, overrides: UserOverrides = {}): Promise<Account> =>
  account(t, Role.DELEGATE, overrides);

/** A FOCAL_POINT (of SEN unless `partyCode` says otherwise). */
export const aFocalPoint = (t: TestApp, overrides: UserOverrides = {}): Promise<Account> =>
  account(t, Role.FOCAL_POINT, overrides);

/** A TRAINER, assigned by the Secretariat to the `modules` given (to none by default). */
export async function aTrainer(t: TestApp, overrides: UserOverrides & { modules?: string[] } = {}): Promise<Account> {
  const { modules = [], ...rest } = overrides;
  const trainer = await account(t, Role.TRAINER, rest);
  for (const code of modules) await assignTrainer(t, code, trainer.user.id);
  return trainer;
}

/** What scheduleWebinar takes, with times as ISO strings. */
interface WebinarFields {
  moduleCode: string;
  title: string;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  capacity: number;
  joinUrl: string;
  trainerIds?: string[];
  language?: Language;
}

/** A NIP webinar in ten days (two hours, 20 seats), scheduled through the API by the caller of `asToken`. */
export async function aWebinar(
  t: TestApp,
  asToken: string,
  overrides: Partial<WebinarFields> = {},
): Promise<{ id: string } & WebinarFields> {
  const input = webinarInput(overrides) as WebinarFields;
  const { id } = must(await t.gql(SCHEDULE_WEBINAR, { input }, asToken), 'scheduleWebinar');
  return { id, ...input };
}

/** What createWorkshop takes, with times as ISO strings. */
interface WorkshopFields {
  moduleCodes: string[];
  title: string;
  region: string;
  hostCentreId?: string;
  venue: string;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  capacity: number;
  plannedCostUsd: number;
  prerequisiteModuleCodes?: string[];
  fundedSeatsPerParty?: number;
  trainerIds?: string[];
}

/**
 * A NIP workshop in Africa in sixty days (two days, 20 seats, no host centre, no prerequisite), created through the
 * API by the caller of `asToken` (the Secretariat).
 */
export async function aWorkshop(
  t: TestApp,
  asToken: string,
  overrides: Partial<WorkshopFields> = {},
): Promise<{ id: string } & WorkshopFields> {
  const input: WorkshopFields = {
    moduleCodes: ['NIP'],
    title: 'NIP workshop',
    region: 'AFRICA',
    venue: 'Pretoria',
    startsAt: inDays(60),
    endsAt: inDays(62),
    timeZone: 'Africa/Johannesburg',
    capacity: 20,
    plannedCostUsd: 93000,
    ...overrides,
  };
  const { id } = must(await t.gql(CREATE_WORKSHOP, { input }, asToken), 'createWorkshop');
  return { id, ...input };
}

interface Enrolment {
  id: string;
  status: string;
  funded: boolean;
  waitlistPosition: number | null;
  delegate: { id: string };
}

/**
 * The delegate's enrolment in the session, through the API: asked for by the delegate themselves, or, with `by`,
 * nominated by the caller of that token (the Secretariat, a focal point).
 */
export async function anEnrolment(
  t: TestApp,
  sessionId: string,
  delegate: { user: { id: string }; token: string },
  opts: { by?: string } = {},
): Promise<Enrolment> {
  const r = opts.by
    ? await t.gql(ENROL, { s: sessionId, d: delegate.user.id }, opts.by)
    : await t.gql(ENROL, { s: sessionId }, delegate.token);
  return must(r, 'enrol');
}

/**
 * `n` webinars at once, scheduled by the Secretariat through the platform's own SessionSchedulingService (as the demo
 * seed does): the same checks and rows as scheduleWebinar, without an HTTP round trip each. The i-th starts in 10 + i
 * days unless the overrides say otherwise; `overrides` may be a function of i. Returns their ids, in order.
 */
export async function manyWebinars(
  t: TestApp,
  n: number,
  overrides: Partial<WebinarFields> | ((i: number) => Partial<WebinarFields>) = {},
): Promise<string[]> {
  const [secretariat] = await t.app.get(UsersService).withRole(Role.SECRETARIAT);
  const scheduling = t.app.get(SessionSchedulingService);
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const fields = webinarInput({
      title: `Webinar ${i + 1}`,
      startsAt: inDays(10 + i),
      endsAt: inDays(10 + i, 2),
      ...(typeof overrides === 'function' ? overrides(i) : overrides),
    }) as WebinarFields;
    const input = { ...fields, startsAt: new Date(fields.startsAt), endsAt: new Date(fields.endsAt) } as WebinarInput;
    ids.push((await scheduling.scheduleWebinar(input, secretariat)).id);
  }
  return ids;
}
