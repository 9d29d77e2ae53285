import { registerEnumType } from '@nestjs/graphql';

// Apart from the entity: other features name a session's kind and status without reaching for its table.
export enum SessionKind {
  WEBINAR = 'WEBINAR',
  WORKSHOP = 'WORKSHOP',
}
export enum SessionStatus {
  SCHEDULED = 'SCHEDULED',
  COMPLETED = 'COMPLETED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(SessionKind, { name: 'SessionKind' });
registerEnumType(SessionStatus, { name: 'SessionStatus' });
