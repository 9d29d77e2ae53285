import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { isUuid } from '@lib/common';
import type { User } from '../auth/user.entity';
import { UsersService } from '../auth/users.service';
import { EnrolmentsService } from './enrolments.service';

/**
 * Disabling an account reaches its enrolments: it lives here, beside the enrolments, so that accounts need not know
 * them (as SessionLifecycleService does for sessions).
 */
@Injectable()
export class AccountClosureService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly users: UsersService,
    private readonly enrolments: EnrolmentsService,
  ) {}

  /**
   * Disables the account and, in the same transaction, cancels its enrolments in sessions that have not started:
   * their seats go to the head of each waitlist at once, and a disabled account holds none of them.
   */
  async disable(id: string, actor: User): Promise<User | null> {
    if (!isUuid(id)) return null;
    return this.db.transaction(async (tx) => {
      const user = await this.users.disable(id, tx);
      if (user) await this.enrolments.cancelAllOf(tx, user.id, actor, 'account disabled');
      return user;
    });
  }
}
