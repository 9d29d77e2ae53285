import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { MaterialSnapshot } from '@lib/queue';
import { MaterialStatus } from './material.entity';

const MAX_LISTED = 20;

/**
 * The published materials of modules, for the messages other features write (a delegate whose enrolment expired is
 * pointed to them). Apart from MaterialsService, whose feature needs the enrolments one: the enrolments feature
 * reads materials through this service without a cycle between the two.
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
          WHERE tm.code = ANY($1::text[]) AND m.status = $2
          ORDER BY m.lineage_id, m.version DESC) newest
        ORDER BY module_code, title, id
        LIMIT ${MAX_LISTED}`,
      [moduleCodes, MaterialStatus.PUBLISHED],
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
