import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { forbidden, isUuid, notFound } from '@lib/common';
import { Party } from '../catalogue/party.entity';
import { RegionalCentre } from '../catalogue/regional-centre.entity';
import { CatalogueService } from '../catalogue/catalogue.service';
import type { GqlContext } from '../graphql/context';
import { loadCentre, loadParty } from '../catalogue/catalogue.loaders';
import { AuthService } from './auth.service';
import { CurrentUser } from './current-user.decorator';
import { AuthPayload, CreateUserInput, RegisterInput } from './dto/auth.inputs';
import { maySeePrivateDetails } from './policies';
import { Role } from './role.enum';
import { Roles } from './roles.decorator';
import { User } from './user.entity';
import { UsersService } from './users.service';

@Resolver(() => User)
export class AuthResolver {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
    private readonly catalogue: CatalogueService,
  ) {}

  @Query(() => User, { nullable: true, description: 'The signed-in user, or null for an anonymous caller' })
  me(@CurrentUser() user: User | null): User | null {
    return user;
  }

  @Mutation(() => AuthPayload, { description: 'A delegate of an existing Party creates an account' })
  async register(@Args('input') input: RegisterInput, @Context() ctx: GqlContext): Promise<AuthPayload> {
    const user = await this.users.register(input);
    ctx.user = user; // the rest of this operation runs as the new account
    return { accessToken: await this.auth.issueToken(user), user };
  }

  @Mutation(() => AuthPayload)
  async login(
    @Args('email') email: string,
    @Args('password') password: string,
    @Context() ctx: GqlContext,
  ): Promise<AuthPayload> {
    const payload = await this.auth.login(email, password, ctx.req.ip ?? 'unknown');
    ctx.user = payload.user; // the rest of this operation runs as the signed-in account
    return payload;
  }

  @Roles(Role.SECRETARIAT)
  @Mutation(() => User, { description: 'SECRETARIAT: add staff, trainers, focal points, regional-centre staff' })
  createUser(@Args('input') input: CreateUserInput): Promise<User> {
    return this.users.create(input);
  }

  @Roles(Role.SECRETARIAT)
  @Mutation(() => User, { description: 'SECRETARIAT: disable an account; its tokens stop working at once' })
  async disableUser(@Args('id', { type: () => ID }) id: string): Promise<User> {
    const user = isUuid(id) ? await this.users.disable(id) : null;
    if (!user) throw notFound('User', id);
    return user;
  }

  @ResolveField(() => String, { description: 'Visible to the user, their Party focal point and the Secretariat' })
  email(@Parent() subject: User, @CurrentUser() viewer: User | null): string {
    if (!maySeePrivateDetails(viewer, subject)) throw forbidden('You may not see this e-mail address');
    return subject.email;
  }

  @ResolveField(() => String, {
    nullable: true,
    description: 'Self-declared (female, male, other) or null; visible like email',
  })
  gender(@Parent() subject: User, @CurrentUser() viewer: User | null): string | null {
    if (!maySeePrivateDetails(viewer, subject)) throw forbidden('You may not see this person\'s gender');
    return subject.gender;
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
