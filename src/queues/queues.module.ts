import { Global, Module, OnApplicationShutdown } from '@nestjs/common';
import { JobQueues } from '@lib/queue';
import { APP_CONFIG, type AppConfig } from '../config/config';

/** The one JobQueues of the process: how the API and the workers add, find and remove jobs. */
@Global()
@Module({
  providers: [
    {
      provide: JobQueues,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        new JobQueues({
          redisUrl: config.redisUrl,
          prefix: config.redisPrefix,
          deploymentId: config.deploymentId,
          mailAttempts: config.jobs.mailAttempts,
          mailBackoffMs: config.jobs.mailBackoffMs,
        }),
    },
  ],
  exports: [JobQueues],
})
export class QueuesModule implements OnApplicationShutdown {
  constructor(private readonly queues: JobQueues) {}

  async onApplicationShutdown(): Promise<void> {
    await this.queues.close();
  }
}
