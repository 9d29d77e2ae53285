import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/config';
import { dataSourceOptions } from './database-options';

/** For the TypeORM CLI (`npm run migration:generate -- migrations/Name`); the application builds its own. */
export default new DataSource(dataSourceOptions(loadConfig(process.env).databaseUrl));
