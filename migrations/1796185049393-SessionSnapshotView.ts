import { MigrationInterface, QueryRunner } from "typeorm";

export class SessionSnapshotView1796185049393 implements MigrationInterface {
    name = 'SessionSnapshotView1796185049393'

    public async up(queryRunner: QueryRunner): Promise<void> {
        // TypeORM keeps a view's definition in typeorm_metadata, which it creates only for a connection handed the
        // view's entity; the platform migrates through a connection handed none (src/database/prepare-database.ts).
        // The table as TypeORM makes it:
        await queryRunner.query(`CREATE TABLE IF NOT EXISTS "typeorm_metadata" ("type" varchar NOT NULL, "database" varchar, "schema" varchar, "table" varchar, "name" varchar, "value" text)`);
        await queryRunner.query(`CREATE VIEW "session_snapshot" AS SELECT s.id, s.kind, s.title, s.starts_at, s.ends_at, s.time_zone, s.language, s.status, s.sequence,
       s.region, s.venue, s.join_url, c.name AS centre_name, c.city AS centre_city,
       COALESCE((SELECT json_agg(json_build_object('code', m.code, 'title', m.title, 'passMark', m.pass_mark) ORDER BY m.code)
                 FROM session_module sm JOIN thematic_module m ON m.id = sm.module_id
                 WHERE sm.session_id = s.id), '[]'::json) AS modules
  FROM training_session s LEFT JOIN regional_centre c ON c.id = s.host_centre_id`);
        await queryRunner.query(`INSERT INTO "typeorm_metadata"("database", "schema", "table", "type", "name", "value") VALUES (DEFAULT, $1, DEFAULT, $2, $3, $4)`, ["public","VIEW","session_snapshot","SELECT s.id, s.kind, s.title, s.starts_at, s.ends_at, s.time_zone, s.language, s.status, s.sequence,\n       s.region, s.venue, s.join_url, c.name AS centre_name, c.city AS centre_city,\n       COALESCE((SELECT json_agg(json_build_object('code', m.code, 'title', m.title, 'passMark', m.pass_mark) ORDER BY m.code)\n                 FROM session_module sm JOIN thematic_module m ON m.id = sm.module_id\n                 WHERE sm.session_id = s.id), '[]'::json) AS modules\n  FROM training_session s LEFT JOIN regional_centre c ON c.id = s.host_centre_id"]);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DELETE FROM "typeorm_metadata" WHERE "type" = $1 AND "name" = $2 AND "schema" = $3`, ["VIEW","session_snapshot","public"]);
        await queryRunner.query(`DROP VIEW "session_snapshot"`);
    }

}
