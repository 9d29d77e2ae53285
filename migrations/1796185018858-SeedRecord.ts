import { MigrationInterface, QueryRunner } from "typeorm";

export class SeedRecord1796185018858 implements MigrationInterface {
    name = 'SeedRecord1796185018858'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "seed_record" ("part" character varying(40) NOT NULL, "loaded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_145eac88f48601e93255b4cc534" PRIMARY KEY ("part"))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "seed_record"`);
    }

}
