import 'reflect-metadata';
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
  await app.listen(config.port, '0.0.0.0');
  new Logger('Main').log(
    `${config.processRole} process listening on port ${config.port}; GraphQL at ${config.publicUrl}/graphql, health at ${config.publicUrl}/health`,
  );
}

main().catch((err) => {
  new Logger('Main').error(err instanceof Error ? err : String(err));
  process.exit(1);
});
