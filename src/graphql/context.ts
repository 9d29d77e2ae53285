import type { Request } from 'express';
import type { User } from '../auth/user.entity';
import { Loaders } from './loaders';

export interface AuthenticatedRequest extends Request {
  user?: User;
  authError?: string;
}

export interface GqlContext {
  req: AuthenticatedRequest;
  user: User | null;
  loaders: Loaders;
}
