import { MigrationInterface, QueryRunner } from "typeorm";

export class AccountVerification1796174220628 implements MigrationInterface {
    name = 'AccountVerification1796174220628'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TYPE "public"."account_token_purpose" AS ENUM('VERIFY_EMAIL')`);
        await queryRunner.query(`CREATE TABLE "account_token" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "user_id" uuid NOT NULL, "purpose" "public"."account_token_purpose" NOT NULL, "token_hash" character(64) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_a55842d3341d42534e39f85e931" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_account_token_hash" ON "account_token"  ("token_hash") `);
        await queryRunner.query(`CREATE INDEX "IDX_account_token_user" ON "account_token"  ("user_id", "purpose") `);
        await queryRunner.query(`ALTER TABLE "app_user" ADD "email_verified_at" TIMESTAMP WITH TIME ZONE`);
        // Back-fill (data, not schema): every account made before e-mail confirmation existed was usable at once, so
        // it counts as confirmed since its creation; only accounts registered from now on wait for their link.
        await queryRunner.query(`UPDATE "app_user" SET "email_verified_at" = "created_at" WHERE "email_verified_at" IS NULL`);
        await queryRunner.query(`ALTER TYPE "public"."outbox_event_type_enum" ADD VALUE 'EMAIL_VERIFICATION_REQUESTED'`);
        await queryRunner.query(`ALTER TYPE "public"."outbox_event_type_enum" ADD VALUE 'REGISTRATION_ATTEMPTED'`);
        await queryRunner.query(`ALTER TABLE "account_token" ADD CONSTRAINT "FK_ab3c66669facfe429164e60ab82" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "account_token" DROP CONSTRAINT "FK_ab3c66669facfe429164e60ab82"`);
        await queryRunner.query(`CREATE TYPE "public"."outbox_event_type_enum_old" AS ENUM('ENROLMENT_CONFIRMED', 'ENROLMENT_WAITLISTED', 'ENROLMENT_PROMOTED', 'ENDORSEMENT_REQUESTED', 'ENROLMENT_DECLINED', 'ENROLMENT_CANCELLED', 'SESSION_RESCHEDULED', 'SESSION_CANCELLED', 'SESSION_COMPLETED', 'MATERIAL_PUBLISHED', 'ENROLMENT_COMPLETED')`);
        await queryRunner.query(`ALTER TABLE "outbox_event" ALTER COLUMN "type" TYPE "public"."outbox_event_type_enum_old" USING "type"::"text"::"public"."outbox_event_type_enum_old"`);
        await queryRunner.query(`DROP TYPE "public"."outbox_event_type_enum"`);
        await queryRunner.query(`ALTER TYPE "public"."outbox_event_type_enum_old" RENAME TO "outbox_event_type_enum"`);
        await queryRunner.query(`ALTER TABLE "app_user" DROP COLUMN "email_verified_at"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_account_token_user"`);
        await queryRunner.query(`DROP INDEX "public"."UQ_account_token_hash"`);
        await queryRunner.query(`DROP TABLE "account_token"`);
        await queryRunner.query(`DROP TYPE "public"."account_token_purpose"`);
    }

}
