import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * A file kept in the platform's storage, by content: its key is the SHA-256 of its bytes, so the same bytes uploaded
 * twice (by anyone, for any material) are stored once. Material versions point at it (`file_sha256`); the bytes live
 * in the storage driver under `sha256/<2 hex>/<sha256>` (src/files/storage.ts).
 */
@Entity('stored_file')
export class StoredFileEntity {
  /** Lower-case hex SHA-256 of the bytes. */
  @PrimaryColumn({ type: 'varchar', length: 64 })
  sha256: string;

  /** Bytes (bigint: a recording may pass 2 GiB; read back as a string by pg, converted by the transformer). */
  @Column({
    type: 'bigint',
    transformer: { to: (v: number) => v, from: (v: string | number | null) => (v === null ? null : Number(v)) },
  })
  sizeBytes: number;

  /** The type detected from the bytes at upload (never the name's), e.g. application/pdf. */
  @Column({ type: 'varchar', length: 200 })
  contentType: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
