import { MigrationInterface, QueryRunner } from "typeorm";

export class Outcomes1795725484004 implements MigrationInterface {
    name = 'Outcomes1795725484004'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TYPE "public"."assessment_kind_enum" AS ENUM('PRE', 'POST', 'FOLLOW_UP')`);
        await queryRunner.query(`CREATE TABLE "assessment" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "module_id" uuid NOT NULL, "kind" "public"."assessment_kind_enum" NOT NULL, "title" character varying(200) NOT NULL, "created_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c511a7dc128256876b6b1719401" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_assessment_module_kind" ON "assessment"  ("module_id", "kind", "created_at") `);
        await queryRunner.query(`CREATE TABLE "assessment_question" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "assessment_id" uuid NOT NULL, "position" integer NOT NULL, "prompt" text NOT NULL, "options" text array NOT NULL, "correct" integer array NOT NULL, "points" integer NOT NULL, CONSTRAINT "CHK_question_points" CHECK ("points" BETWEEN 0 AND 1000), CONSTRAINT "PK_fd68807257b91c34ac9f08cdd7e" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_question_position" ON "assessment_question"  ("assessment_id", "position") `);
        await queryRunner.query(`CREATE TYPE "public"."assessment_attempt_kind_enum" AS ENUM('PRE', 'POST', 'FOLLOW_UP')`);
        await queryRunner.query(`CREATE TABLE "assessment_attempt" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "assessment_id" uuid NOT NULL, "delegate_id" uuid NOT NULL, "module_id" uuid NOT NULL, "kind" "public"."assessment_attempt_kind_enum" NOT NULL, "session_id" uuid, "attempt_number" integer NOT NULL DEFAULT '1', "score" numeric(5,2) NOT NULL, "passed" boolean NOT NULL, "answers" jsonb NOT NULL, "submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_attempt_post_session" CHECK ("kind" <> 'POST' OR "session_id" IS NOT NULL), CONSTRAINT "CHK_attempt_number" CHECK ("attempt_number" BETWEEN 1 AND 3), CONSTRAINT "CHK_attempt_score" CHECK ("score" BETWEEN 0 AND 100), CONSTRAINT "PK_aca670ae50c57355f5cfbf57064" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_attempt_delegate" ON "assessment_attempt"  ("delegate_id", "submitted_at") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_attempt_post" ON "assessment_attempt"  ("delegate_id", "session_id", "module_id", "attempt_number") WHERE "kind" = 'POST'`);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_attempt_pre" ON "assessment_attempt"  ("delegate_id", "module_id") WHERE "kind" = 'PRE'`);
        await queryRunner.query(`CREATE TYPE "public"."follow_up_response_uses_enum" AS ENUM('NIP_UPDATE', 'NATIONAL_REPORT', 'BAT_BEP_MEASURES', 'COORDINATION_MECHANISM')`);
        await queryRunner.query(`CREATE TABLE "follow_up_response" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "enrolment_id" uuid NOT NULL, "delegate_id" uuid NOT NULL, "session_id" uuid NOT NULL, "applied" boolean NOT NULL, "uses" "public"."follow_up_response_uses_enum" array NOT NULL DEFAULT '{}', "comment" text, "assessment_id" uuid, "answers" jsonb, "submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_76ebdfc5e0e2f2bde80c3ce2edc" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_follow_up_session" ON "follow_up_response"  ("session_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_follow_up_enrolment" ON "follow_up_response"  ("enrolment_id") `);
        await queryRunner.query(`CREATE TABLE "certificate" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "code" character varying(64) NOT NULL, "enrolment_id" uuid NOT NULL, "delegate_id" uuid NOT NULL, "session_id" uuid NOT NULL, "document" jsonb NOT NULL, "issued_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "revoked_at" TIMESTAMP WITH TIME ZONE, "revocation_reason" character varying(500), "revoked_by_id" uuid, CONSTRAINT "PK_8daddfc65f59e341c2bbc9c9e43" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_certificate_delegate" ON "certificate"  ("delegate_id", "issued_at") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_certificate_enrolment" ON "certificate"  ("enrolment_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_certificate_delegate_session" ON "certificate"  ("session_id", "delegate_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_certificate_code" ON "certificate"  ("code") `);
        await queryRunner.query(`CREATE TABLE "stats_enrolment_cell" ("session_id" uuid NOT NULL, "party_code" character(3) NOT NULL, "gender" character varying(10) NOT NULL, "enrolled" integer NOT NULL DEFAULT '0', "confirmed" integer NOT NULL DEFAULT '0', "waitlisted" integer NOT NULL DEFAULT '0', "attended" integer NOT NULL DEFAULT '0', "completed" integer NOT NULL DEFAULT '0', "certified" integer NOT NULL DEFAULT '0', "follow_ups_answered" integer NOT NULL DEFAULT '0', "follow_ups_applied" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_23acdf4060456ebed8a09f34fce" PRIMARY KEY ("session_id", "party_code", "gender"))`);
        await queryRunner.query(`CREATE INDEX "IDX_stats_enrolment_cell_party" ON "stats_enrolment_cell"  ("party_code") `);
        await queryRunner.query(`CREATE TABLE "stats_score_cell" ("session_id" uuid NOT NULL, "module_id" uuid NOT NULL, "party_code" character(3) NOT NULL, "gender" character varying(10) NOT NULL, "assessed" integer NOT NULL DEFAULT '0', "pre_count" integer NOT NULL DEFAULT '0', "pre_sum" numeric NOT NULL DEFAULT '0', "post_count" integer NOT NULL DEFAULT '0', "post_sum" numeric NOT NULL DEFAULT '0', "gain_count" integer NOT NULL DEFAULT '0', "gain_sum" numeric NOT NULL DEFAULT '0', CONSTRAINT "PK_27adc669d44316dbeb55f36ef93" PRIMARY KEY ("session_id", "module_id", "party_code", "gender"))`);
        await queryRunner.query(`CREATE INDEX "IDX_stats_score_cell_party" ON "stats_score_cell"  ("party_code") `);
        await queryRunner.query(`CREATE TYPE "public"."stats_enrolment_region_cell_region_enum" AS ENUM('AFRICA', 'ASIA_PACIFIC', 'CENTRAL_EASTERN_EUROPE', 'LATIN_AMERICA_CARIBBEAN', 'WESTERN_EUROPE_OTHERS')`);
        await queryRunner.query(`CREATE TABLE "stats_enrolment_region_cell" ("session_id" uuid NOT NULL, "region" "public"."stats_enrolment_region_cell_region_enum" NOT NULL, "gender" character varying(10) NOT NULL, "enrolled" integer NOT NULL DEFAULT '0', "confirmed" integer NOT NULL DEFAULT '0', "waitlisted" integer NOT NULL DEFAULT '0', "attended" integer NOT NULL DEFAULT '0', "completed" integer NOT NULL DEFAULT '0', "certified" integer NOT NULL DEFAULT '0', "follow_ups_answered" integer NOT NULL DEFAULT '0', "follow_ups_applied" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_3b03b18dac7410ae42f4064512f" PRIMARY KEY ("session_id", "region", "gender"))`);
        await queryRunner.query(`CREATE TYPE "public"."stats_score_region_cell_region_enum" AS ENUM('AFRICA', 'ASIA_PACIFIC', 'CENTRAL_EASTERN_EUROPE', 'LATIN_AMERICA_CARIBBEAN', 'WESTERN_EUROPE_OTHERS')`);
        await queryRunner.query(`CREATE TABLE "stats_score_region_cell" ("session_id" uuid NOT NULL, "module_id" uuid NOT NULL, "region" "public"."stats_score_region_cell_region_enum" NOT NULL, "gender" character varying(10) NOT NULL, "assessed" integer NOT NULL DEFAULT '0', "pre_count" integer NOT NULL DEFAULT '0', "pre_sum" numeric NOT NULL DEFAULT '0', "post_count" integer NOT NULL DEFAULT '0', "post_sum" numeric NOT NULL DEFAULT '0', "gain_count" integer NOT NULL DEFAULT '0', "gain_sum" numeric NOT NULL DEFAULT '0', CONSTRAINT "PK_7a1e8afa84cfdd6a1f9c4f3dc02" PRIMARY KEY ("session_id", "module_id", "region", "gender"))`);
        await queryRunner.query(`ALTER TABLE "enrolment" ADD "gender" character varying(10)`);
        // Data, not schema: enrolments made before this migration take the gender their delegate declares now.
        await queryRunner.query(`UPDATE "enrolment" e SET "gender" = u."gender" FROM "app_user" u WHERE u."id" = e."delegate_id"`);
        await queryRunner.query(`ALTER TYPE "public"."outbox_event_type_enum" ADD VALUE 'ENROLMENT_COMPLETED'`);
        await queryRunner.query(`ALTER TABLE "assessment" ADD CONSTRAINT "FK_3a452aeec458c9adfbf54883856" FOREIGN KEY ("module_id") REFERENCES "thematic_module"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "assessment" ADD CONSTRAINT "FK_056310d9b09f85207e2b641faec" FOREIGN KEY ("created_by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "assessment_question" ADD CONSTRAINT "FK_3a4afedaf9bc1f964a29c51a9a2" FOREIGN KEY ("assessment_id") REFERENCES "assessment"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "assessment_attempt" ADD CONSTRAINT "FK_8c349c1439e092dab046fe8cad6" FOREIGN KEY ("assessment_id") REFERENCES "assessment"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "assessment_attempt" ADD CONSTRAINT "FK_8f7c649f261b1d38e136ad8e7f9" FOREIGN KEY ("delegate_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "assessment_attempt" ADD CONSTRAINT "FK_b620d01a89902c0b1ed3a77301c" FOREIGN KEY ("session_id") REFERENCES "training_session"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "follow_up_response" ADD CONSTRAINT "FK_94e02d33be804165e64ea136c8c" FOREIGN KEY ("enrolment_id") REFERENCES "enrolment"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "certificate" ADD CONSTRAINT "FK_006c65c4df51536ef09a8761689" FOREIGN KEY ("enrolment_id") REFERENCES "enrolment"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "certificate" ADD CONSTRAINT "FK_ea295ecaa04e48447b709f46bf6" FOREIGN KEY ("delegate_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "certificate" ADD CONSTRAINT "FK_6a8f43a5cbe346551dbc52a03d2" FOREIGN KEY ("session_id") REFERENCES "training_session"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "certificate" DROP CONSTRAINT "FK_6a8f43a5cbe346551dbc52a03d2"`);
        await queryRunner.query(`ALTER TABLE "certificate" DROP CONSTRAINT "FK_ea295ecaa04e48447b709f46bf6"`);
        await queryRunner.query(`ALTER TABLE "certificate" DROP CONSTRAINT "FK_006c65c4df51536ef09a8761689"`);
        await queryRunner.query(`ALTER TABLE "follow_up_response" DROP CONSTRAINT "FK_94e02d33be804165e64ea136c8c"`);
        await queryRunner.query(`ALTER TABLE "assessment_attempt" DROP CONSTRAINT "FK_b620d01a89902c0b1ed3a77301c"`);
        await queryRunner.query(`ALTER TABLE "assessment_attempt" DROP CONSTRAINT "FK_8f7c649f261b1d38e136ad8e7f9"`);
        await queryRunner.query(`ALTER TABLE "assessment_attempt" DROP CONSTRAINT "FK_8c349c1439e092dab046fe8cad6"`);
        await queryRunner.query(`ALTER TABLE "assessment_question" DROP CONSTRAINT "FK_3a4afedaf9bc1f964a29c51a9a2"`);
        await queryRunner.query(`ALTER TABLE "assessment" DROP CONSTRAINT "FK_056310d9b09f85207e2b641faec"`);
        await queryRunner.query(`ALTER TABLE "assessment" DROP CONSTRAINT "FK_3a452aeec458c9adfbf54883856"`);
        await queryRunner.query(`CREATE TYPE "public"."outbox_event_type_enum_old" AS ENUM('ENROLMENT_CONFIRMED', 'ENROLMENT_WAITLISTED', 'ENROLMENT_PROMOTED', 'ENDORSEMENT_REQUESTED', 'ENROLMENT_DECLINED', 'ENROLMENT_CANCELLED', 'SESSION_RESCHEDULED', 'SESSION_CANCELLED', 'SESSION_COMPLETED', 'MATERIAL_PUBLISHED')`);
        await queryRunner.query(`ALTER TABLE "outbox_event" ALTER COLUMN "type" TYPE "public"."outbox_event_type_enum_old" USING "type"::"text"::"public"."outbox_event_type_enum_old"`);
        await queryRunner.query(`DROP TYPE "public"."outbox_event_type_enum"`);
        await queryRunner.query(`ALTER TYPE "public"."outbox_event_type_enum_old" RENAME TO "outbox_event_type_enum"`);
        await queryRunner.query(`ALTER TABLE "enrolment" DROP COLUMN "gender"`);
        await queryRunner.query(`DROP TABLE "stats_score_region_cell"`);
        await queryRunner.query(`DROP TYPE "public"."stats_score_region_cell_region_enum"`);
        await queryRunner.query(`DROP TABLE "stats_enrolment_region_cell"`);
        await queryRunner.query(`DROP TYPE "public"."stats_enrolment_region_cell_region_enum"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_stats_score_cell_party"`);
        await queryRunner.query(`DROP TABLE "stats_score_cell"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_stats_enrolment_cell_party"`);
        await queryRunner.query(`DROP TABLE "stats_enrolment_cell"`);
        await queryRunner.query(`DROP INDEX "public"."UQ_certificate_code"`);
        await queryRunner.query(`DROP INDEX "public"."UQ_certificate_delegate_session"`);
        await queryRunner.query(`DROP INDEX "public"."UQ_certificate_enrolment"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_certificate_delegate"`);
        await queryRunner.query(`DROP TABLE "certificate"`);
        await queryRunner.query(`DROP INDEX "public"."UQ_follow_up_enrolment"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_follow_up_session"`);
        await queryRunner.query(`DROP TABLE "follow_up_response"`);
        await queryRunner.query(`DROP TYPE "public"."follow_up_response_uses_enum"`);
        await queryRunner.query(`DROP INDEX "public"."UQ_attempt_pre"`);
        await queryRunner.query(`DROP INDEX "public"."UQ_attempt_post"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_attempt_delegate"`);
        await queryRunner.query(`DROP TABLE "assessment_attempt"`);
        await queryRunner.query(`DROP TYPE "public"."assessment_attempt_kind_enum"`);
        await queryRunner.query(`DROP INDEX "public"."UQ_question_position"`);
        await queryRunner.query(`DROP TABLE "assessment_question"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_assessment_module_kind"`);
        await queryRunner.query(`DROP TABLE "assessment"`);
        await queryRunner.query(`DROP TYPE "public"."assessment_kind_enum"`);
    }

}
