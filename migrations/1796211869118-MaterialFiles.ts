import { MigrationInterface, QueryRunner } from "typeorm";

export class MaterialFiles1796211869118 implements MigrationInterface {
    name = 'MaterialFiles1796211869118'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "stored_file" ("sha256" character varying(64) NOT NULL, "size_bytes" bigint NOT NULL, "content_type" character varying(200) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_3a4237a94329738b4b7a12d8dea" PRIMARY KEY ("sha256"))`);
        await queryRunner.query(`ALTER TABLE "training_material" ADD "file_sha256" character varying(64)`);
        await queryRunner.query(`ALTER TABLE "training_material" ADD "file_name" character varying(255)`);
        await queryRunner.query(`ALTER TABLE "training_material" ALTER COLUMN "url" DROP NOT NULL`);
        await queryRunner.query(`CREATE INDEX "IDX_fcca3e5391770b659a6a54a180" ON "training_material"  ("file_sha256") `);
        await queryRunner.query(`ALTER TABLE "training_material" ADD CONSTRAINT "CHK_material_published_has_content" CHECK ("status" <> 'PUBLISHED' OR "url" IS NOT NULL OR "file_sha256" IS NOT NULL)`);
        await queryRunner.query(`ALTER TABLE "training_material" ADD CONSTRAINT "FK_fcca3e5391770b659a6a54a1804" FOREIGN KEY ("file_sha256") REFERENCES "stored_file"("sha256") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "training_material" DROP CONSTRAINT "FK_fcca3e5391770b659a6a54a1804"`);
        await queryRunner.query(`ALTER TABLE "training_material" DROP CONSTRAINT "CHK_material_published_has_content"`);
        await queryRunner.query(`DROP INDEX "public"."IDX_fcca3e5391770b659a6a54a180"`);
        await queryRunner.query(`ALTER TABLE "training_material" ALTER COLUMN "url" SET NOT NULL`);
        await queryRunner.query(`ALTER TABLE "training_material" DROP COLUMN "file_name"`);
        await queryRunner.query(`ALTER TABLE "training_material" DROP COLUMN "file_sha256"`);
        await queryRunner.query(`DROP TABLE "stored_file"`);
    }

}
