import { SetMetadata } from '@nestjs/common';
import { Role } from './role.enum';

export const ROLES_KEY = 'lms:roles';

/** Any signed-in user may call the operation. */
export const Authenticated = () => SetMetadata(ROLES_KEY, [] as Role[]);

/** Only users holding one of these roles may call the operation. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
