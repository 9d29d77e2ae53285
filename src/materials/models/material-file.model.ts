import { Field, Float, ObjectType } from '@nestjs/graphql';

@ObjectType('MaterialFile', { description: 'The file of a file material (a material is a link or a file)' })
export class MaterialFile {
  @Field({ description: 'The name it was uploaded under' })
  fileName: string;

  @Field({ description: 'The type read from its bytes at upload, as it is served (e.g. application/pdf)' })
  contentType: string;

  @Field(() => Float, { description: 'Size in bytes (may exceed a GraphQL Int)' })
  sizeBytes: number;

  @Field({ description: 'SHA-256 of the bytes, lower-case hex; also the download’s ETag' })
  sha256: string;

  @Field(() => String, {
    nullable: true,
    description:
      'A path on the API’s origin, /files/materials/{id}?token=…, working for 12 hours for this viewer only (GET, HEAD, Range; add &inline=1 to show it in the page); null when the viewer may not download it (signed out)',
  })
  downloadUrl: string | null;
}
