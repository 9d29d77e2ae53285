import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentUser } from './current-user.decorator';
import { maySeePrivateDetails } from './policies';
import { User } from './user.entity';

/**
 * Whether an account was disabled (disableUser): the Secretariat's accounts page lists disabled accounts as such
 * instead of offering to disable them again. Visible like e-mail.
 */
@Resolver(() => User)
export class UserStatusResolver {
  @ResolveField(() => Date, {
    nullable: true,
    description: 'When the account was disabled; null while it is active. Visible like email',
  })
  disabledAt(@Parent() subject: User, @CurrentUser() viewer: User | null): Date | null {
    return maySeePrivateDetails(viewer, subject) ? (subject.disabledAt ?? null) : null;
  }
}
