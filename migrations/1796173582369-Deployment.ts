import { MigrationInterface, QueryRunner } from "typeorm";

export class Deployment1796173582369 implements MigrationInterface {
    name = 'Deployment1796173582369'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "deployment" ("singleton" boolean NOT NULL DEFAULT true, "deployment_id" uuid NOT NULL, "jwt_secret" character varying(100) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_deployment_singleton" CHECK ("singleton"), CONSTRAINT "PK_ce8cbc5465d4e191d12d057171b" PRIMARY KEY ("singleton"))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "deployment"`);
    }

}
