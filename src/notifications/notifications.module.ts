import { Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Mailer } from '@lib/mailer';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { AuthModule } from '../auth/auth.module';
import { EnrolmentsModule } from '../enrolments/enrolments.module';
import { SessionsModule } from '../sessions/sessions.module';
import { AccountNoticesService } from './account-notices.service';
import { CalendarFeedController } from './calendar-feed.controller';
import { CalendarFeedService } from './calendar-feed.service';
import { MailDeliveryEntity } from './mail-delivery.entity';
import { MailDeliveryService } from './mail-delivery.service';
import { mailerOptionsOf } from './mailer-options';
import { NotificationsResolver } from './notifications.resolver';
import { NotificationsService } from './notifications.service';
import { RemindersService } from './reminders.service';

/** E-mail (ledger, templates, transport), reminders and the personal calendar feed. */
@Module({
  imports: [TypeOrmModule.forFeature([MailDeliveryEntity]), AuthModule, SessionsModule, EnrolmentsModule],
  providers: [
    {
      provide: Mailer,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new Mailer(mailerOptionsOf(config)),
    },
    MailDeliveryService,
    AccountNoticesService,
    NotificationsService,
    RemindersService,
    CalendarFeedService,
    NotificationsResolver,
  ],
  controllers: [CalendarFeedController],
  exports: [MailDeliveryService, AccountNoticesService, NotificationsService, RemindersService],
})
export class NotificationsModule implements OnApplicationShutdown {
  constructor(@Inject(Mailer) private readonly mailer: Mailer) {}

  onApplicationShutdown(): void {
    this.mailer.close();
  }
}
