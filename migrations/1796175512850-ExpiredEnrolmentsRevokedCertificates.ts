import { MigrationInterface, QueryRunner } from "typeorm";

export class ExpiredEnrolmentsRevokedCertificates1796175512850 implements MigrationInterface {
    name = 'ExpiredEnrolmentsRevokedCertificates1796175512850'

    public async up(queryRunner: QueryRunner): Promise<void> {
        // A value added to an enum cannot be used before its transaction commits: the unique index whose predicate
        // names EXPIRED is made by the next migration (EnrolmentIndexesExpired).
        await queryRunner.query(`ALTER TYPE "public"."enrolment_status_enum" ADD VALUE 'EXPIRED'`);
        await queryRunner.query(`ALTER TYPE "public"."enrolment_change_from_status_enum" ADD VALUE 'EXPIRED'`);
        await queryRunner.query(`ALTER TYPE "public"."enrolment_change_to_status_enum" ADD VALUE 'EXPIRED'`);
        await queryRunner.query(`ALTER TYPE "public"."outbox_event_type_enum" ADD VALUE 'ENROLMENTS_EXPIRED'`);
        await queryRunner.query(`ALTER TYPE "public"."outbox_event_type_enum" ADD VALUE 'CERTIFICATE_REVOKED'`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TYPE "public"."outbox_event_type_enum_old" AS ENUM('ENROLMENT_CONFIRMED', 'ENROLMENT_WAITLISTED', 'ENROLMENT_PROMOTED', 'ENDORSEMENT_REQUESTED', 'ENROLMENT_DECLINED', 'ENROLMENT_CANCELLED', 'SESSION_RESCHEDULED', 'SESSION_CANCELLED', 'SESSION_COMPLETED', 'MATERIAL_PUBLISHED', 'ENROLMENT_COMPLETED', 'EMAIL_VERIFICATION_REQUESTED', 'REGISTRATION_ATTEMPTED')`);
        await queryRunner.query(`ALTER TABLE "outbox_event" ALTER COLUMN "type" TYPE "public"."outbox_event_type_enum_old" USING "type"::"text"::"public"."outbox_event_type_enum_old"`);
        await queryRunner.query(`DROP TYPE "public"."outbox_event_type_enum"`);
        await queryRunner.query(`ALTER TYPE "public"."outbox_event_type_enum_old" RENAME TO "outbox_event_type_enum"`);
        await queryRunner.query(`CREATE TYPE "public"."enrolment_change_to_status_enum_old" AS ENUM('PENDING_ENDORSEMENT', 'CONFIRMED', 'WAITLISTED', 'DECLINED', 'CANCELLED', 'ATTENDED', 'NO_SHOW', 'COMPLETED')`);
        await queryRunner.query(`ALTER TABLE "enrolment_change" ALTER COLUMN "to_status" TYPE "public"."enrolment_change_to_status_enum_old" USING "to_status"::"text"::"public"."enrolment_change_to_status_enum_old"`);
        await queryRunner.query(`DROP TYPE "public"."enrolment_change_to_status_enum"`);
        await queryRunner.query(`ALTER TYPE "public"."enrolment_change_to_status_enum_old" RENAME TO "enrolment_change_to_status_enum"`);
        await queryRunner.query(`CREATE TYPE "public"."enrolment_change_from_status_enum_old" AS ENUM('PENDING_ENDORSEMENT', 'CONFIRMED', 'WAITLISTED', 'DECLINED', 'CANCELLED', 'ATTENDED', 'NO_SHOW', 'COMPLETED')`);
        await queryRunner.query(`ALTER TABLE "enrolment_change" ALTER COLUMN "from_status" TYPE "public"."enrolment_change_from_status_enum_old" USING "from_status"::"text"::"public"."enrolment_change_from_status_enum_old"`);
        await queryRunner.query(`DROP TYPE "public"."enrolment_change_from_status_enum"`);
        await queryRunner.query(`ALTER TYPE "public"."enrolment_change_from_status_enum_old" RENAME TO "enrolment_change_from_status_enum"`);
        await queryRunner.query(`CREATE TYPE "public"."enrolment_status_enum_old" AS ENUM('PENDING_ENDORSEMENT', 'CONFIRMED', 'WAITLISTED', 'DECLINED', 'CANCELLED', 'ATTENDED', 'NO_SHOW', 'COMPLETED')`);
        await queryRunner.query(`ALTER TABLE "enrolment" ALTER COLUMN "status" TYPE "public"."enrolment_status_enum_old" USING "status"::"text"::"public"."enrolment_status_enum_old"`);
        await queryRunner.query(`DROP TYPE "public"."enrolment_status_enum"`);
        await queryRunner.query(`ALTER TYPE "public"."enrolment_status_enum_old" RENAME TO "enrolment_status_enum"`);
    }

}
