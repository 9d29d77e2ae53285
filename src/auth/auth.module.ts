import { createSecretKey } from 'node:crypto';
import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { CatalogueModule } from '../catalogue/catalogue.module';
import { OutboxModule } from '../outbox/outbox.module';
import { AccountConfirmationController } from './account-confirmation.controller';
import { AccountResolver } from './account.resolver';
import { AccountService } from './account.service';
import { AccountTokensService } from './account-tokens.service';
import { AuthMiddleware } from './auth.middleware';
import { AuthResolver } from './auth.resolver';
import { AuthService } from './auth.service';
import { LoginRateLimiter } from './login-rate-limiter';
import { PasswordHasher } from './password';
import { RegistrationRateLimiter } from './registration-rate-limiter';
import { RegistrationResolver } from './registration.resolver';
import { RegistrationService } from './registration.service';
import { User } from './user.entity';
import { UsersService } from './users.service';
import { UsersResolver } from './users.resolver';
import { UserStatusResolver } from './user-status.resolver';

@Module({
  imports: [
    TypeOrmModule.forFeature([User]),
    CatalogueModule,
    OutboxModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        // A KeyObject, not the string: given a string, jsonwebtoken first tries (and fails) to parse it as a PEM
        // public key on every verify and sign, an exception each time: 8 % of the API's CPU under P1 (issue #6).
        secret: createSecretKey(Buffer.from(config.jwtSecret, 'utf8')),
        signOptions: { algorithm: 'HS256', expiresIn: config.jwtTtlSeconds },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  providers: [
    UsersService,
    AuthService,
    LoginRateLimiter,
    PasswordHasher,
    AccountTokensService,
    RegistrationService,
    RegistrationRateLimiter,
    AccountService,
    AuthMiddleware,
    AuthResolver,
    RegistrationResolver,
    AccountResolver,
    UsersResolver,
    UserStatusResolver,
  ],
  controllers: [AccountConfirmationController],
  exports: [UsersService, AuthService, AuthMiddleware, AccountTokensService],
})
export class AuthModule {}
