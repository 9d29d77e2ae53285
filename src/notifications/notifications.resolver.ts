import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentUser } from '../auth/current-user.decorator';
import { Role } from '../auth/role.enum';
import { Authenticated, Roles } from '../auth/roles.decorator';
import { User } from '../auth/user.entity';
import { ConnectionType, PageArgs } from '../graphql/pagination';
import { CalendarFeedService } from './calendar-feed.service';
import { MailDeliveryEntity, MailDeliveryStatus } from './mail-delivery.entity';
import { MailDeliveryService } from './mail-delivery.service';

export const MailDeliveryConnection = ConnectionType(MailDeliveryEntity, 'MailDelivery');

@Resolver()
export class NotificationsResolver {
  constructor(
    private readonly deliveries: MailDeliveryService,
    private readonly calendar: CalendarFeedService,
  ) {}

  @Authenticated()
  @Mutation(() => String, {
    description:
      'A new address of your personal calendar feed (GET /calendar/{token}.ics); the previous one stops working',
  })
  rotateCalendarToken(@CurrentUser() user: User): Promise<string> {
    return this.calendar.rotate(user);
  }

  @Roles(Role.SECRETARIAT)
  @Query(() => MailDeliveryConnection, {
    description: 'The ledger of e-mails: what was sent, what is retrying, what failed',
  })
  mailDeliveries(
    @Args('status', { type: () => MailDeliveryStatus, nullable: true }) status: MailDeliveryStatus | null,
    @Args('recipientEmail', { type: () => String, nullable: true }) recipientEmail: string | null,
    @Args() { first, after }: PageArgs,
  ) {
    return this.deliveries.list({ status, recipientEmail }, first, after ?? null);
  }

  @Roles(Role.SECRETARIAT)
  @Mutation(() => MailDeliveryEntity, {
    description: 'Puts a FAILED e-mail back in its queue for another round of attempts',
  })
  retryMailDelivery(@Args('id', { type: () => ID }) id: string) {
    return this.deliveries.retry(id);
  }
}
