import { Initial1795715173838 } from './1795715173838-Initial';
import { Enrolments1795717399559 } from './1795717399559-Enrolments';
import { Notifications1795720223864 } from './1795720223864-Notifications';
import { Outcomes1795725484004 } from './1795725484004-Outcomes';
import { Deployment1796173582369 } from './1796173582369-Deployment';
import { ModuleTrainers1796173880186 } from './1796173880186-ModuleTrainers';
import { AccountVerification1796174220628 } from './1796174220628-AccountVerification';
import { ExpiredEnrolmentsRevokedCertificates1796175512850 } from './1796175512850-ExpiredEnrolmentsRevokedCertificates';
import { EnrolmentIndexesExpired1796176319676 } from './1796176319676-EnrolmentIndexesExpired';
import { SeedRecord1796185018858 } from './1796185018858-SeedRecord';
import { SessionSnapshotView1796185049393 } from './1796185049393-SessionSnapshotView';
import { PasswordResetEndorsementComment1796194847565 } from './1796194847565-PasswordResetEndorsementComment';
import { EnrolmentDecisionFunction1796196822487 } from './1796196822487-EnrolmentDecisionFunction';
import { MaterialFiles1796211869118 } from './1796211869118-MaterialFiles';

/**
 * Every migration, in order. A migration generated with `npm run migration:generate -- migrations/Name` is added
 * here by hand (the file itself is never edited after it lands); the list works the same under tsc, Jest and Node.
 */
export const MIGRATIONS = [
  Initial1795715173838,
  Enrolments1795717399559,
  Notifications1795720223864,
  Outcomes1795725484004,
  Deployment1796173582369,
  ModuleTrainers1796173880186,
  AccountVerification1796174220628,
  ExpiredEnrolmentsRevokedCertificates1796175512850,
  EnrolmentIndexesExpired1796176319676,
  SeedRecord1796185018858,
  SessionSnapshotView1796185049393,
  PasswordResetEndorsementComment1796194847565,
  EnrolmentDecisionFunction1796196822487,
  MaterialFiles1796211869118,
];
