import { readFileSync } from 'node:fs';
import {
  buildSchema,
  lexicographicSortSchema,
  printSchema,
  GraphQLInterfaceType,
  GraphQLObjectType,
  GraphQLInputObjectType,
  GraphQLEnumType,
  GraphQLSchema,
} from 'graphql';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { TestApp } from './support/test-app';

/**
 * The public contract of API.md that this platform serves so far, checked against the committed schema.gql
 * (which every development start regenerates from the code). Later features add their rows here.
 */
const OBJECT_FIELDS: Record<string, string[]> = {
  User: ['id', 'email', 'fullName', 'roles', 'party', 'language', 'timeZone'],
  Party: ['code', 'name', 'region', 'status'],
  RegionalCentre: ['id', 'name', 'city', 'country'],
  ThematicModule: ['id', 'code', 'title', 'summary', 'learningObjectives', 'passMark', 'trainers'],
  TrainingMaterial: ['id', 'module', 'title', 'language', 'version', 'status', 'url', 'publishedAt'],
  TrainingSession: [
    'id',
    'kind',
    'title',
    'modules',
    'startsAt',
    'endsAt',
    'timeZone',
    'capacity',
    'seatsTaken',
    'seatsLeft',
    'status',
    'trainers',
  ],
  Webinar: ['joinUrl'],
  Workshop: [
    'region',
    'hostCentre',
    'venue',
    'prerequisiteModules',
    'fundedSeatsPerParty',
    'plannedCostUsd',
    'actualCostUsd',
  ],
  BudgetLine: ['component', 'plannedUsd', 'spentUsd'],
  ProgrammeBudget: [
    'lines',
    'totalRequiredUsd',
    'cofundingPledgedUsd',
    'fundsToRaiseUsd',
    'copApprovedUsd',
    'spentUsd',
    'costPerCertifiedDelegateUsd',
  ],
  AuthPayload: ['accessToken', 'user'],
  RegistrationResult: ['email', 'verificationRequired'],
  PageInfo: ['hasNextPage', 'endCursor'],
  TrainingSessionConnection: ['edges', 'pageInfo', 'totalCount'],
  TrainingMaterialConnection: ['edges', 'pageInfo', 'totalCount'],
  Enrolment: ['id', 'delegate', 'session', 'status', 'waitlistPosition', 'funded', 'createdAt'],
  EnrolmentChange: ['at', 'from', 'to', 'by'],
  EnrolmentConnection: ['edges', 'pageInfo', 'totalCount'],
  Query: [
    'me',
    'users',
    'parties',
    'regionalCentres',
    'thematicModules',
    'sessions',
    'session',
    'materials',
    'programmeBudget',
    'myEnrolments',
    'sessionEnrolments',
    'partyEnrolments',
    'enrolmentHistory',
    'mailDeliveries',
    'assessmentFor',
    'myCertificates',
    'verifyCertificate',
    'completionStats',
    'capacityOutcomes',
  ],
  Mutation: [
    'register',
    'login',
    'createUser',
    'createMaterial',
    'updateMaterial',
    'publishMaterial',
    'archiveMaterial',
    'scheduleWebinar',
    'createWorkshop',
    'rescheduleSession',
    'setCapacity',
    'cancelSession',
    'recordPledge',
    'recordExpenditure',
    'enrol',
    'cancelEnrolment',
    'endorseEnrolment',
    'recordAttendance',
    'completeSession',
    'rotateCalendarToken',
    'retryMailDelivery',
    'createAssessment',
    'submitAssessment',
    'revokeCertificate',
    'assignTrainer',
    'unassignTrainer',
    'confirmEmail',
    'resendVerification',
  ],
  MailDelivery: [
    'id',
    'kind',
    'recipientEmail',
    'messageId',
    'subject',
    'status',
    'attempts',
    'lastError',
    'createdAt',
    'sentAt',
  ],
  MailDeliveryConnection: ['edges', 'pageInfo', 'totalCount'],
  Question: ['id', 'prompt', 'options', 'multiple', 'points'],
  Assessment: ['id', 'module', 'kind', 'title', 'questions'],
  AssessmentAttempt: ['id', 'assessment', 'score', 'passed', 'submittedAt'],
  Certificate: ['id', 'code', 'delegate', 'session', 'issuedAt', 'revokedAt', 'pdfUrl'],
  CertificateVerification: ['valid', 'revoked', 'holderName', 'moduleTitles', 'sessionTitle', 'issuedAt'],
  StatsKey: ['region', 'partyCode', 'moduleCode', 'sessionId', 'gender'],
  CompletionStatsRow: [
    'key',
    'enrolled',
    'confirmed',
    'waitlisted',
    'attended',
    'completed',
    'certified',
    'completionRate',
    'womenShare',
  ],
  CapacityOutcomeRow: [
    'key',
    'delegatesAssessed',
    'meanPreScore',
    'meanPostScore',
    'normalizedGain',
    'certificationRate',
    'applicationRate',
    'capacityIndex',
  ],
};
const INPUT_FIELDS: Record<string, string[]> = {
  RegisterInput: ['email', 'password', 'fullName', 'partyCode', 'language', 'timeZone', 'gender'],
  CreateUserInput: ['email', 'password', 'fullName', 'roles', 'partyCode', 'language', 'timeZone', 'regionalCentreId'],
  MaterialInput: ['moduleCode', 'title', 'language', 'url', 'description'],
  WebinarInput: [
    'moduleCode',
    'title',
    'startsAt',
    'endsAt',
    'timeZone',
    'capacity',
    'joinUrl',
    'trainerIds',
    'language',
  ],
  WorkshopInput: [
    'moduleCodes',
    'title',
    'region',
    'hostCentreId',
    'venue',
    'startsAt',
    'endsAt',
    'timeZone',
    'capacity',
    'prerequisiteModuleCodes',
    'fundedSeatsPerParty',
    'plannedCostUsd',
    'trainerIds',
  ],
  QuestionInput: ['prompt', 'options', 'correct', 'points'],
  AssessmentInput: ['moduleCode', 'kind', 'title', 'questions'],
  AnswerInput: ['questionId', 'selected'],
};
const ENUMS: Record<string, string[]> = {
  Role: ['DELEGATE', 'FOCAL_POINT', 'TRAINER', 'REGIONAL_CENTRE', 'SECRETARIAT'],
  UnRegion: ['AFRICA', 'ASIA_PACIFIC', 'CENTRAL_EASTERN_EUROPE', 'LATIN_AMERICA_CARIBBEAN', 'WESTERN_EUROPE_OTHERS'],
  PartyStatus: ['DEVELOPING', 'ECONOMY_IN_TRANSITION', 'DEVELOPED'],
  Language: ['EN', 'FR', 'ES', 'AR', 'ZH', 'RU'],
  SessionKind: ['WEBINAR', 'WORKSHOP'],
  SessionStatus: ['SCHEDULED', 'COMPLETED', 'CANCELLED'],
  MaterialStatus: ['DRAFT', 'PUBLISHED', 'ARCHIVED'],
  EnrolmentStatus: [
    'PENDING_ENDORSEMENT',
    'CONFIRMED',
    'WAITLISTED',
    'DECLINED',
    'CANCELLED',
    'ATTENDED',
    'NO_SHOW',
    'COMPLETED',
  ],
  MailDeliveryStatus: ['SENDING', 'RETRYING', 'SENT', 'FAILED'],
  AssessmentKind: ['PRE', 'POST', 'FOLLOW_UP'],
  StatsDimension: ['REGION', 'PARTY', 'MODULE', 'SESSION', 'GENDER'],
};
const ARGS: Record<string, string[]> = {
  'Query.sessions': ['kind', 'moduleCode', 'region', 'from', 'to', 'status', 'first', 'after'],
  'Query.materials': ['moduleCode', 'status', 'first', 'after'],
  'Query.parties': ['region', 'status'],
  'Mutation.rescheduleSession': ['id', 'startsAt', 'endsAt'],
  'Mutation.recordExpenditure': ['component', 'amountUsd', 'sessionId'],
  'Query.myEnrolments': ['first', 'after'],
  'Query.sessionEnrolments': ['sessionId', 'status', 'first', 'after'],
  'Query.partyEnrolments': ['partyCode', 'status', 'first', 'after'],
  'Query.enrolmentHistory': ['enrolmentId'],
  'Mutation.enrol': ['sessionId'],
  'Mutation.cancelEnrolment': ['id'],
  'Mutation.endorseEnrolment': ['id', 'approve'],
  'Mutation.recordAttendance': ['sessionId', 'delegateIds', 'attended'],
  'Mutation.completeSession': ['id'],
  'Mutation.setCapacity': ['id', 'capacity'],
  'Mutation.cancelSession': ['id', 'reason'],
  'Query.mailDeliveries': ['status', 'recipientEmail', 'first', 'after'],
  'Mutation.retryMailDelivery': ['id'],
  'Query.assessmentFor': ['moduleCode', 'kind'],
  'Query.verifyCertificate': ['code'],
  'Query.completionStats': ['groupBy', 'region', 'partyCode', 'moduleCode', 'from', 'to'],
  'Query.capacityOutcomes': ['groupBy', 'region', 'partyCode', 'moduleCode'],
  'Mutation.createAssessment': ['input'],
  'Mutation.submitAssessment': ['assessmentId', 'sessionId', 'answers'],
  'Mutation.revokeCertificate': ['id', 'reason'],
  'Mutation.recordPledge': ['donor', 'amountUsd'],
  'Mutation.register': ['input'],
  'Mutation.confirmEmail': ['token'],
  'Mutation.resendVerification': ['email'],
  'Mutation.assignTrainer': ['moduleCode', 'userId'],
  'Mutation.unassignTrainer': ['moduleCode', 'userId'],
};

function check(schema: GraphQLSchema): string[] {
  const missing: string[] = [];
  for (const [type, fields] of Object.entries(OBJECT_FIELDS)) {
    const t = schema.getType(type) as GraphQLObjectType | GraphQLInterfaceType | undefined;
    if (!t) missing.push(type);
    else for (const f of fields) if (!t.getFields()[f]) missing.push(`${type}.${f}`);
  }
  for (const [type, fields] of Object.entries(INPUT_FIELDS)) {
    const t = schema.getType(type) as GraphQLInputObjectType | undefined;
    if (!t) missing.push(type);
    else for (const f of fields) if (!t.getFields()[f]) missing.push(`${type}.${f}`);
  }
  for (const [type, values] of Object.entries(ENUMS)) {
    const t = schema.getType(type) as GraphQLEnumType | undefined;
    const have = t?.getValues().map((v) => v.name) ?? [];
    for (const v of values) if (!have.includes(v)) missing.push(`${type}.${v}`);
  }
  for (const [path, args] of Object.entries(ARGS)) {
    const [type, field] = path.split('.');
    const f = (schema.getType(type) as GraphQLObjectType).getFields()[field];
    for (const a of args) if (!f?.args.some((x) => x.name === a)) missing.push(`${path}(${a})`);
  }
  for (const impl of ['Webinar', 'Workshop']) {
    const t = schema.getType(impl) as GraphQLObjectType;
    if (!t.getInterfaces().some((i) => i.name === 'TrainingSession'))
      missing.push(`${impl} implements TrainingSession`);
  }
  return missing;
}

describe('the public contract of API.md', () => {
  it('is in the committed schema.gql, which is what the code generates', async () => {
    const committed = readFileSync('schema.gql', 'utf8');
    expect(check(buildSchema(committed))).toEqual([]);
    const t = await TestApp.start({ SEED_DEMO: 'false' });
    try {
      const live = lexicographicSortSchema(t.app.get(GraphQLSchemaHost).schema);
      expect(check(live)).toEqual([]);
      // Same types, fields and descriptions as the committed file (run `npm start` once to regenerate it).
      expect(printSchema(live)).toBe(printSchema(lexicographicSortSchema(buildSchema(committed))));
    } finally {
      await t.close();
    }
  });
});
