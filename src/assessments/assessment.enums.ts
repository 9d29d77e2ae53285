import { registerEnumType } from '@nestjs/graphql';

export enum AssessmentKind {
  PRE = 'PRE',
  POST = 'POST',
  FOLLOW_UP = 'FOLLOW_UP',
}
registerEnumType(AssessmentKind, {
  name: 'AssessmentKind',
  description:
    'PRE: before the course (once per module); POST: after it (up to 3 attempts per session, the best counts); FOLLOW_UP: the survey months later',
});

/** What a Party applied the guidance of a training to (the follow-up survey; DOMAIN.md). */
export enum GuidanceUse {
  NIP_UPDATE = 'NIP_UPDATE',
  NATIONAL_REPORT = 'NATIONAL_REPORT',
  BAT_BEP_MEASURES = 'BAT_BEP_MEASURES',
  COORDINATION_MECHANISM = 'COORDINATION_MECHANISM',
}
registerEnumType(GuidanceUse, {
  name: 'GuidanceUse',
  description:
    'Updating the National Implementation Plan, the national report (Art. 15), BAT/BEP measures, a national coordination mechanism',
});
