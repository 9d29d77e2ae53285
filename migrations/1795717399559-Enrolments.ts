import { MigrationInterface, QueryRunner } from "typeorm";

export class Enrolments1795717399559 implements MigrationInterface {
    name = 'Enrolments1795717399559'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TYPE "public"."enrolment_status_enum" AS ENUM('PENDING_ENDORSEMENT', 'CONFIRMED', 'WAITLISTED', 'DECLINED', 'CANCELLED', 'ATTENDED', 'NO_SHOW', 'COMPLETED')`);
        await queryRunner.query(`CREATE TABLE "enrolment" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "session_id" uuid NOT NULL, "delegate_id" uuid NOT NULL, "party_code" character(3) NOT NULL, "status" "public"."enrolment_status_enum" NOT NULL, "waitlist_ticket" integer, "funded" boolean NOT NULL DEFAULT false, "endorsed_by_id" uuid, "endorsed_at" TIMESTAMP WITH TIME ZONE, "created_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "status_changed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_enrolment_waitlisted_ticket" CHECK ("status" <> 'WAITLISTED' OR "waitlist_ticket" IS NOT NULL), CONSTRAINT "PK_5d2679f6c891d77c58aa0e05f2b" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_enrolment_party_created" ON "enrolment"  ("party_code", "created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "IDX_enrolment_delegate_created" ON "enrolment"  ("delegate_id", "created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "IDX_enrolment_session_created" ON "enrolment"  ("session_id", "created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "IDX_enrolment_waitlist" ON "enrolment"  ("session_id", "waitlist_ticket") WHERE "status" = 'WAITLISTED'`);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_enrolment_waitlist_ticket" ON "enrolment"  ("session_id", "waitlist_ticket") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_enrolment_active" ON "enrolment"  ("session_id", "delegate_id") WHERE "status" NOT IN ('CANCELLED', 'DECLINED')`);
        await queryRunner.query(`CREATE TYPE "public"."enrolment_change_from_status_enum" AS ENUM('PENDING_ENDORSEMENT', 'CONFIRMED', 'WAITLISTED', 'DECLINED', 'CANCELLED', 'ATTENDED', 'NO_SHOW', 'COMPLETED')`);
        await queryRunner.query(`CREATE TYPE "public"."enrolment_change_to_status_enum" AS ENUM('PENDING_ENDORSEMENT', 'CONFIRMED', 'WAITLISTED', 'DECLINED', 'CANCELLED', 'ATTENDED', 'NO_SHOW', 'COMPLETED')`);
        await queryRunner.query(`CREATE TABLE "enrolment_change" ("id" BIGSERIAL NOT NULL, "enrolment_id" uuid NOT NULL, "from_status" "public"."enrolment_change_from_status_enum", "to_status" "public"."enrolment_change_to_status_enum" NOT NULL, "by_id" uuid, "reason" character varying(300) NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f61bf5f10f7f0edb6cc1f9e3b75" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_enrolment_change_enrolment" ON "enrolment_change"  ("enrolment_id", "at") `);
        await queryRunner.query(`CREATE TYPE "public"."outbox_event_type_enum" AS ENUM('ENROLMENT_CONFIRMED', 'ENROLMENT_WAITLISTED', 'ENROLMENT_PROMOTED', 'ENDORSEMENT_REQUESTED', 'ENROLMENT_DECLINED', 'ENROLMENT_CANCELLED', 'SESSION_RESCHEDULED', 'SESSION_CANCELLED', 'SESSION_COMPLETED', 'MATERIAL_PUBLISHED')`);
        await queryRunner.query(`CREATE TABLE "outbox_event" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "type" "public"."outbox_event_type_enum" NOT NULL, "aggregate_type" character varying(40) NOT NULL, "aggregate_id" uuid NOT NULL, "payload" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "dispatched_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_cc0c9e40998e45ecfc5e313429d" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_outbox_aggregate" ON "outbox_event"  ("aggregate_id", "created_at") `);
        await queryRunner.query(`CREATE INDEX "IDX_outbox_undispatched" ON "outbox_event"  ("created_at") WHERE "dispatched_at" IS NULL`);
        await queryRunner.query(`ALTER TABLE "training_session" ADD "waitlist_tickets" integer NOT NULL DEFAULT '0'`);
        await queryRunner.query(`ALTER TABLE "enrolment" ADD CONSTRAINT "FK_1044fca171a6347474cdeb1ba08" FOREIGN KEY ("session_id") REFERENCES "training_session"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "enrolment" ADD CONSTRAINT "FK_c1294656223adaa1ff355f637d0" FOREIGN KEY ("delegate_id") REFERENCES "app_user"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "enrolment" ADD CONSTRAINT "FK_14458a5058c456245481e6dd640" FOREIGN KEY ("party_code") REFERENCES "party"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "enrolment_change" ADD CONSTRAINT "FK_fa2d284dbcd6e919779d8f8df73" FOREIGN KEY ("enrolment_id") REFERENCES "enrolment"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "enrolment_change" ADD CONSTRAINT "FK_7a35cedcf98ab90b34ed13fc6ba" FOREIGN KEY ("by_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "enrolment_change" DROP CONSTRAINT "FK_7a35cedcf98ab90b34ed13fc6ba"`);
        await queryRunner.query(`ALTER TABLE "enrolment_change" DROP CONSTRAINT "FK_fa2d284dbcd6e919779d8f8df73"`);
        await queryRunner.query(`ALTER TABLE "enrolment" DROP CONSTRAINT "FK_14458a5058c456245481e6dd640"`);
        await queryRunner.query(`ALTER TABLE "enrolment" DROP CONSTRAINT "FK_c1294656223adaa1ff355f637d0"`);
        await queryRunner.query(`ALTER TABLE "enrolment" DROP CONSTRAINT "FK_1044fca171a6347474cdeb1ba08"`);
        await queryRunner.query(`ALTER TABLE "training_session" DROP COLUMN "waitlist_tickets"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_outbox_undispatched"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_outbox_aggregate"`);
        await queryRunner.query(`DROP TABLE "outbox_event"`);
        await queryRunner.query(`DROP TYPE "public"."outbox_event_type_enum"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_enrolment_change_enrolment"`);
        await queryRunner.query(`DROP TABLE "enrolment_change"`);
        await queryRunner.query(`DROP TYPE "public"."enrolment_change_to_status_enum"`);
        await queryRunner.query(`DROP TYPE "public"."enrolment_change_from_status_enum"`);
        await queryRunner.query(`DROP INDEX "public"."UQ_enrolment_active"`);
        await queryRunner.query(`DROP INDEX "public"."UQ_enrolment_waitlist_ticket"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_enrolment_waitlist"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_enrolment_session_created"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_enrolment_delegate_created"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_enrolment_party_created"`);
        await queryRunner.query(`DROP TABLE "enrolment"`);
        await queryRunner.query(`DROP TYPE "public"."enrolment_status_enum"`);
    }

}
