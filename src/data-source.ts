import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from './config/config';
import { dataSourceOptions } from './database/database-options';
import { ENTITIES } from './entities';
import { useJsonLogging } from './logging/logger';

/** For the TypeORM CLI (`npm run migration:generate -- migrations/Name`); the application builds its own. */
const config = loadConfig(process.env);
useJsonLogging(config.logLevel);
export default new DataSource(dataSourceOptions(config.databaseUrl, ENTITIES));
