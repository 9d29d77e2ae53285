import { MigrationInterface, QueryRunner } from "typeorm";

export class ModuleTrainers1796173880186 implements MigrationInterface {
    name = 'ModuleTrainers1796173880186'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "module_trainer" ("module_id" uuid NOT NULL, "user_id" uuid NOT NULL, "assigned_by_id" uuid, "assigned_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_36025c50a2fb9d252cc1372b43d" PRIMARY KEY ("module_id", "user_id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_module_trainer_user" ON "module_trainer"  ("user_id") `);
        await queryRunner.query(`ALTER TABLE "module_trainer" ADD CONSTRAINT "FK_2bdfe9ee8e5351d20905385654d" FOREIGN KEY ("module_id") REFERENCES "thematic_module"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "module_trainer" ADD CONSTRAINT "FK_9562d04ed9118e803c89f4ea55a" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "module_trainer" ADD CONSTRAINT "FK_4037ff2115ed5999e2e43d59582" FOREIGN KEY ("assigned_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
        // Data, not schema: a trainer the Secretariat named on a scheduled or completed session keeps authoring that
        // session's modules, as assigned by whoever created the session (the demo seed's sessions have no creator).
        // Webinars trainers scheduled for themselves and cancelled sessions carry nothing over: that was the hole.
        await queryRunner.query(`INSERT INTO "module_trainer" ("module_id", "user_id", "assigned_by_id", "assigned_at")
            SELECT DISTINCT ON (sm."module_id", st."user_id") sm."module_id", st."user_id", s."created_by_id", s."created_at"
              FROM "session_trainer" st
              JOIN "training_session" s ON s."id" = st."session_id" AND s."status" <> 'CANCELLED'
              JOIN "session_module" sm ON sm."session_id" = s."id"
              JOIN "app_user" u ON u."id" = st."user_id" AND 'TRAINER' = ANY(u."roles")
              LEFT JOIN "app_user" c ON c."id" = s."created_by_id"
             WHERE s."created_by_id" IS NULL OR 'SECRETARIAT' = ANY(c."roles")
             ORDER BY sm."module_id", st."user_id", s."created_at"`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "module_trainer" DROP CONSTRAINT "FK_4037ff2115ed5999e2e43d59582"`);
        await queryRunner.query(`ALTER TABLE "module_trainer" DROP CONSTRAINT "FK_9562d04ed9118e803c89f4ea55a"`);
        await queryRunner.query(`ALTER TABLE "module_trainer" DROP CONSTRAINT "FK_2bdfe9ee8e5351d20905385654d"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_module_trainer_user"`);
        await queryRunner.query(`DROP TABLE "module_trainer"`);
    }

}
