import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { Logger } from '@nestjs/common';
import { ConfigError, loadConfig } from './config/config';
import { createApp } from './bootstrap';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  const app = await createApp(config);
  const log = new Logger('Main');
  // Graceful shutdown: stop taking connections, let requests in hand finish, close the pools, then exit 0.
  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      log.log({ msg: `received ${signal}, shutting down`, signal });
      setTimeout(() => {
        log.error('shutdown took longer than 20 s; exiting anyway');
        process.exit(1);
      }, 20_000).unref();
      app
        .close()
        .then(() => {
          log.log('stopped');
          process.exit(0);
        })
        .catch((err) => {
          log.error(err instanceof Error ? err : String(err));
          process.exit(1);
        });
    });
  }
  await app.listen(config.port, '0.0.0.0');
  const port = (app.getHttpServer().address() as AddressInfo).port;
  log.log({
    msg: config.runsApi
      ? `${config.processRole} process listening on port ${port}; GraphQL at ${config.publicUrl}/graphql, queues at ${config.publicUrl}/admin/queues, health at ${config.publicUrl}/health`
      : `worker process running the queues; health at http://localhost:${port}/health`,
    port,
  });
}

main().catch((err) => {
  new Logger('Main').error(err instanceof Error ? err : String(err));
  process.exit(1);
});
