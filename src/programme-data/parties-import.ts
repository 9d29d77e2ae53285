import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { EntityManager } from 'typeorm';
import { PartyStatus, UnRegion } from '../catalogue/catalogue.enums';
import { Party } from '../catalogue/party.entity';

export interface PartyRow {
  code: string;
  name: string;
  region: UnRegion;
  status: PartyStatus;
}

/** Reads and checks a Parties CSV (code,name,region,status; `#` comments). Throws listing every bad line. */
export async function readPartiesCsv(path: string): Promise<PartyRow[]> {
  const text = await readFile(path, 'utf8');
  const records: Record<string, string>[] = parse(text, {
    columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
    comment: '#',
    skip_empty_lines: true,
    trim: true,
    bom: true,
  });
  const problems: string[] = [];
  const seen = new Set<string>();
  const rows = records.map((r, i) => {
    const row = {
      code: (r.code ?? '').toUpperCase(),
      name: r.name ?? '',
      region: r.region as UnRegion,
      status: r.status as PartyStatus,
    };
    const where = `row ${i + 1} (${row.code || '?'})`;
    if (!/^[A-Z]{3}$/.test(row.code)) problems.push(`${where}: code must be 3 letters`);
    if (seen.has(row.code)) problems.push(`${where}: duplicate code`);
    seen.add(row.code);
    if (!row.name || row.name.length > 200) problems.push(`${where}: name must have 1 to 200 characters`);
    if (!Object.values(UnRegion).includes(row.region)) problems.push(`${where}: unknown region ${row.region}`);
    if (!Object.values(PartyStatus).includes(row.status)) problems.push(`${where}: unknown status ${row.status}`);
    return row;
  });
  if (problems.length) throw new Error(`${path}: ${problems.length} problem(s)\n${problems.join('\n')}`);
  return rows;
}

/** Inserts new Parties and updates changed ones; Parties missing from the file are kept (users point at them). */
export async function upsertParties(manager: EntityManager, rows: PartyRow[]): Promise<number> {
  if (!rows.length) return 0;
  await manager
    .createQueryBuilder()
    .insert()
    .into(Party)
    .values(rows)
    .orUpdate(['name', 'region', 'status'], ['code'])
    .execute();
  return rows.length;
}
