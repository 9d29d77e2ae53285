import 'reflect-metadata';
import { resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/config';
import { dataSourceOptions } from '../database/database-options';
import { prepareDatabase } from '../database/prepare-database';
import { ENTITIES } from '../entities';
import { useJsonLogging } from '../logging/logger';
import { readPartiesCsv, upsertParties } from './parties-import';
import { rebuildRegionCells } from '../outcomes/outcome-cells.service';

/** `npm run import:parties -- FILE`: re-imports the Parties reference data into DATABASE_URL. */
async function main(): Promise<void> {
  const file = process.argv[2];
  if (!file) {
    process.stderr.write('usage: npm run import:parties -- path/to/parties.csv\n');
    process.exit(2);
  }
  const config = loadConfig();
  useJsonLogging(config.logLevel);
  const rows = await readPartiesCsv(resolve(file));
  await prepareDatabase(config.databaseUrl);
  const ds = await new DataSource({ ...dataSourceOptions(config.databaseUrl, ENTITIES), logging: false }).initialize();
  try {
    const count = await ds.transaction(async (tx) => {
      const imported = await upsertParties(tx, rows);
      // A Party may have moved region: the statistics by region are summed again.
      await rebuildRegionCells(tx);
      return imported;
    });
    process.stdout.write(`imported ${count} Parties from ${file}\n`);
  } finally {
    await ds.destroy();
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
