import { MigrationInterface, QueryRunner } from "typeorm";

export class Notifications1795720223864 implements MigrationInterface {
    name = 'Notifications1795720223864'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TYPE "public"."mail_delivery_status" AS ENUM('SENDING', 'RETRYING', 'SENT', 'FAILED')`);
        await queryRunner.query(`CREATE TABLE "mail_delivery" ("id" uuid NOT NULL DEFAULT uuid_generate_v4(), "key" character varying(200) NOT NULL, "queue" character varying(20) NOT NULL, "kind" character varying(40) NOT NULL, "recipient_id" uuid, "recipient_email" character varying(320) NOT NULL, "message_id" character varying(300) NOT NULL, "subject" character varying(500), "status" "public"."mail_delivery_status" NOT NULL, "attempts" integer NOT NULL DEFAULT '0', "last_error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "sent_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_1d0e4ba3220b64e5ee34115fb40" UNIQUE ("key"), CONSTRAINT "PK_d3538fca7dd3bf4d2f4ffc38a8c" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "IDX_mail_delivery_status" ON "mail_delivery"  ("status", "created_at") `);
        await queryRunner.query(`ALTER TABLE "app_user" ADD "calendar_token_hash" character(64)`);
        await queryRunner.query(`CREATE UNIQUE INDEX "UQ_user_calendar_token" ON "app_user"  ("calendar_token_hash") WHERE "calendar_token_hash" IS NOT NULL`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."UQ_user_calendar_token"`);
        await queryRunner.query(`ALTER TABLE "app_user" DROP COLUMN "calendar_token_hash"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_mail_delivery_status"`);
        await queryRunner.query(`DROP TABLE "mail_delivery"`);
        await queryRunner.query(`DROP TYPE "public"."mail_delivery_status"`);
    }

}
