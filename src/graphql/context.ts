import type { Request } from 'express';
import { Loaders } from './loaders';

/**
 * The signed-in account. graphql/ is ground every feature stands on and names none of them: auth/ fills this in
 * (declaration merging in auth/user.entity.ts) with its User.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- completed by auth/ (declaration merging)
export interface Viewer {}

export interface AuthenticatedRequest extends Request {
  user?: Viewer;
  authError?: string;
}

export interface GqlContext {
  req: AuthenticatedRequest;
  user: Viewer | null;
  loaders: Loaders;
}
