import { DynamicModule, Global, Module } from '@nestjs/common';
import { ClockModule } from '../clock/clock.module';
import { APP_CONFIG, type AppConfig } from './config';

@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    // The clock is global like the settings, and registered with them: what every feature reads from its surroundings.
    return {
      module: ConfigModule,
      imports: [ClockModule],
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
    };
  }
}
