import { Args, Context, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Party } from '../catalogue/party.entity';
import { RegionalCentre } from '../catalogue/regional-centre.entity';
import { CatalogueService } from '../catalogue/catalogue.service';
import { loadCentre, loadParty } from '../catalogue/catalogue.loaders';
import type { GqlContext } from '../graphql/context';
import { ConnectionType, PageArgs } from '../graphql/pagination';
import { CurrentUser } from './current-user.decorator';
import { maySeePrivateDetails } from './policies';
import { Role } from './role.enum';
import { Roles } from './roles.decorator';
import { User } from './user.entity';
import { UsersService } from './users.service';

export const UserConnection = ConnectionType(User, 'User');

@Resolver(() => User)
export class UsersResolver {
  constructor(
    private readonly service: UsersService,
    private readonly catalogue: CatalogueService,
  ) {}

  @Roles(Role.SECRETARIAT, Role.FOCAL_POINT)
  @Query(() => UserConnection, {
    description: 'Accounts, oldest first: every account for the Secretariat, their own Party for a focal point',
  })
  users(
    @CurrentUser() viewer: User,
    @Args('role', { type: () => Role, nullable: true }) role: Role | null,
    @Args('partyCode', { type: () => String, nullable: true }) partyCode: string | null,
    @Args() { first, after }: PageArgs,
  ) {
    return this.service.list({ role, partyCode }, viewer, first, after);
  }

  @ResolveField(() => String, {
    nullable: true,
    description: 'Visible to the user, their Party focal point and the Secretariat; null for anyone else',
  })
  email(@Parent() subject: User, @CurrentUser() viewer: User | null): string | null {
    // A field the viewer may not see is null (docs/API.md, "Hidden data").
    return maySeePrivateDetails(viewer, subject) ? subject.email : null;
  }

  @ResolveField(() => String, {
    nullable: true,
    description: 'Self-declared (female, male, other) or null; visible like email',
  })
  gender(@Parent() subject: User, @CurrentUser() viewer: User | null): string | null {
    return maySeePrivateDetails(viewer, subject) ? subject.gender : null;
  }

  @ResolveField(() => Party, { nullable: true })
  party(@Parent() subject: User, @Context() ctx: GqlContext): Promise<Party | null> | null {
    return subject.partyCode ? loadParty(ctx, this.catalogue, subject.partyCode) : null;
  }

  @ResolveField(() => RegionalCentre, { nullable: true })
  regionalCentre(@Parent() subject: User, @Context() ctx: GqlContext): Promise<RegionalCentre | null> | null {
    return subject.regionalCentreId ? loadCentre(ctx, this.catalogue, subject.regionalCentreId) : null;
  }
}
