import type { User } from './user.entity';
import { Role } from './role.enum';

/** Pure "who may see or do this" rules, shared by resolvers and services. */
export const isSecretariat = (viewer: User | null | undefined): boolean =>
  !!viewer && viewer.roles.includes(Role.SECRETARIAT);

export const isFocalPointOf = (viewer: User | null | undefined, partyCode: string | null | undefined): boolean =>
  !!viewer && !!partyCode && viewer.roles.includes(Role.FOCAL_POINT) && viewer.partyCode === partyCode;

/** A user's e-mail, gender and enrolments: the user, their Party's focal point and the Secretariat. */
export const maySeePrivateDetails = (viewer: User | null | undefined, subject: User): boolean =>
  !!viewer && (viewer.id === subject.id || isSecretariat(viewer) || isFocalPointOf(viewer, subject.partyCode));

/** Budget figures (the programme's budget, a workshop's planned and actual cost): the Secretariat's (DOMAIN.md). */
export const maySeeBudgetFigures = (viewer: User | null | undefined): boolean => isSecretariat(viewer);
