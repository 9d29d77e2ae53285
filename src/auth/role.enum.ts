import { registerEnumType } from '@nestjs/graphql';

export enum Role {
  DELEGATE = 'DELEGATE',
  FOCAL_POINT = 'FOCAL_POINT',
  TRAINER = 'TRAINER',
  REGIONAL_CENTRE = 'REGIONAL_CENTRE',
  SECRETARIAT = 'SECRETARIAT',
}
registerEnumType(Role, { name: 'Role' });
