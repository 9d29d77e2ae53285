import { registerEnumType } from '@nestjs/graphql';

export enum UnRegion {
  AFRICA = 'AFRICA',
  ASIA_PACIFIC = 'ASIA_PACIFIC',
  CENTRAL_EASTERN_EUROPE = 'CENTRAL_EASTERN_EUROPE',
  LATIN_AMERICA_CARIBBEAN = 'LATIN_AMERICA_CARIBBEAN',
  WESTERN_EUROPE_OTHERS = 'WESTERN_EUROPE_OTHERS',
}
export enum PartyStatus {
  DEVELOPING = 'DEVELOPING',
  ECONOMY_IN_TRANSITION = 'ECONOMY_IN_TRANSITION',
  DEVELOPED = 'DEVELOPED',
}
export enum Language {
  EN = 'EN',
  FR = 'FR',
  ES = 'ES',
  AR = 'AR',
  ZH = 'ZH',
  RU = 'RU',
}

registerEnumType(UnRegion, { name: 'UnRegion', description: 'The five UN regional groups' });
registerEnumType(PartyStatus, { name: 'PartyStatus' });
registerEnumType(Language, { name: 'Language', description: 'The six UN languages' });
