import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { MaterialSnapshot } from '@lib/queue';

const MAX_LISTED = 20;

/**
 * The published materials of modules, for the messages other features write (a delegate whose enrolment expired is
 * pointed to them). A read side of its own, apart from materials/: that feature needs the enrolments one (who hears of
 * a new material), so the enrolments feature reading materials/ would make the two need each other. It reads the
 * materials' table in SQL, as the statistics' read model reads the tables it counts.
 */
@Injectable()
export class PublishedMaterialsService {
  /** The newest published version of each material of these modules, by module and title; read inside `tx`. */
  async ofModules(tx: EntityManager, moduleCodes: readonly string[]): Promise<MaterialSnapshot[]> {
    if (!moduleCodes.length) return [];
    const rows: {
      id: string;
      title: string;
      url: string;
      language: string;
      version: number;
      module_code: string;
      module_title: string;
    }[] = await tx.query(
      `SELECT * FROM (
         SELECT DISTINCT ON (m.lineage_id) m.id, m.title, m.url, m.language, m.version,
                tm.code AS module_code, tm.title AS module_title
           FROM training_material m JOIN thematic_module tm ON tm.id = m.module_id
          WHERE tm.code = ANY($1::text[]) AND m.status = 'PUBLISHED'
          ORDER BY m.lineage_id, m.version DESC) newest
        ORDER BY module_code, title, id
        LIMIT ${MAX_LISTED}`,
      [moduleCodes],
    );
    return rows.map((r) => ({
      id: r.id,
      title: r.title,
      url: r.url,
      language: r.language,
      version: r.version,
      module: { code: r.module_code, title: r.module_title },
    }));
  }
}
