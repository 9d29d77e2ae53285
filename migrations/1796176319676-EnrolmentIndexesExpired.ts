import { MigrationInterface, QueryRunner } from "typeorm";

export class EnrolmentIndexesExpired1796176319676 implements MigrationInterface {
    name = 'EnrolmentIndexesExpired1796176319676'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."UQ_enrolment_active"`);
        await queryRunner.query(`CREATE INDEX "IDX_enrolment_waiting" ON "enrolment"  ("session_id") WHERE "status" IN ('PENDING_ENDORSEMENT', 'WAITLISTED')`);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_enrolment_active_delegate" ON "enrolment"  ("session_id", "delegate_id") WHERE "status" NOT IN ('CANCELLED', 'DECLINED', 'EXPIRED')`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."UQ_enrolment_active_delegate"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_enrolment_waiting"`);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_enrolment_active" ON "enrolment" USING btree ("session_id", "delegate_id") WHERE (status <> ALL (ARRAY['CANCELLED'::enrolment_status_enum, 'DECLINED'::enrolment_status_enum]))`);
    }

}
