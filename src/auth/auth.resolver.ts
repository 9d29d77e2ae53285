import { Args, Context, Extensions, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { GqlContext } from '../graphql/context';
import { HASHES_PASSWORD } from '../graphql/one-password-field.rule';
import { AuthService } from './auth.service';
import { CurrentUser } from './current-user.decorator';
import { AuthPayload, CreateUserInput } from './dto/auth.inputs';
import { Role } from './role.enum';
import { Roles } from './roles.decorator';
import { User } from './user.entity';
import { UsersService } from './users.service';

@Resolver(() => User)
export class AuthResolver {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
  ) {}

  @Query(() => User, { nullable: true, description: 'The signed-in user, or null for an anonymous caller' })
  me(@CurrentUser() user: User | null): User | null {
    return user;
  }

  @Extensions(HASHES_PASSWORD)
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
  @Extensions(HASHES_PASSWORD)
  @Mutation(() => User, { description: 'SECRETARIAT: add staff, trainers, focal points, regional-centre staff' })
  createUser(@Args('input') input: CreateUserInput): Promise<User> {
    return this.users.create(input);
  }

  // disableUser lives in enrolments/ (AccountClosureResolver): disabling an account cancels its enrolments.
}
