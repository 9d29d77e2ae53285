import { MigrationInterface, QueryRunner } from "typeorm";

export class PasswordResetEndorsementComment1796194847565 implements MigrationInterface {
    name = 'PasswordResetEndorsementComment1796194847565'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "enrolment_change" ADD "comment" character varying(500)`);
        // The generator also dropped and re-created IDX_account_token_user around the new enum value; adding a value
        // leaves the index valid, so those two statements are left out.
        await queryRunner.query(`ALTER TYPE "public"."account_token_purpose" ADD VALUE 'PASSWORD_RESET'`);
        await queryRunner.query(`ALTER TYPE "public"."outbox_event_type_enum" ADD VALUE 'PASSWORD_RESET_REQUESTED'`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."IDX_account_token_user"`);
        await queryRunner.query(`CREATE TYPE "public"."outbox_event_type_enum_old" AS ENUM('ENROLMENT_CONFIRMED', 'ENROLMENT_WAITLISTED', 'ENROLMENT_PROMOTED', 'ENDORSEMENT_REQUESTED', 'ENROLMENT_DECLINED', 'ENROLMENT_CANCELLED', 'SESSION_RESCHEDULED', 'SESSION_CANCELLED', 'SESSION_COMPLETED', 'MATERIAL_PUBLISHED', 'ENROLMENT_COMPLETED', 'EMAIL_VERIFICATION_REQUESTED', 'REGISTRATION_ATTEMPTED', 'ENROLMENTS_EXPIRED', 'CERTIFICATE_REVOKED')`);
        await queryRunner.query(`ALTER TABLE "outbox_event" ALTER COLUMN "type" TYPE "public"."outbox_event_type_enum_old" USING "type"::"text"::"public"."outbox_event_type_enum_old"`);
        await queryRunner.query(`DROP TYPE "public"."outbox_event_type_enum"`);
        await queryRunner.query(`ALTER TYPE "public"."outbox_event_type_enum_old" RENAME TO "outbox_event_type_enum"`);
        await queryRunner.query(`CREATE TYPE "public"."account_token_purpose_old" AS ENUM('VERIFY_EMAIL')`);
        await queryRunner.query(`ALTER TABLE "account_token" ALTER COLUMN "purpose" TYPE "public"."account_token_purpose_old" USING "purpose"::"text"::"public"."account_token_purpose_old"`);
        await queryRunner.query(`DROP TYPE "public"."account_token_purpose"`);
        await queryRunner.query(`ALTER TYPE "public"."account_token_purpose_old" RENAME TO "account_token_purpose"`);
        await queryRunner.query(`CREATE INDEX "IDX_account_token_user" ON "account_token" USING btree ("user_id", "purpose") `);
        await queryRunner.query(`ALTER TABLE "enrolment_change" DROP COLUMN "comment"`);
    }

}
