import { GraphQLSchemaHost } from '@nestjs/graphql';
import { GraphQLObjectType, isNonNullType } from 'graphql';
import { Role } from '../../src/auth/role.enum';
import { CountingQueryLogger } from '../../src/database/query-counter';
import { aWorkshop } from '../support/factories';
import { must, TestApp } from '../support/test-app';

/**
 * Issue #13, point 8: budget figures are the Secretariat's (DOMAIN.md). programmeBudget is FORBIDDEN to others (an
 * object they may not see); a workshop's planned and actual cost, fields of a public object, are null for them.
 */

const COSTS = `query Q($id: ID!) { session(id: $id) { id title ... on Workshop { region plannedCostUsd actualCostUsd } } }`;
const CATALOGUE_WITH_COSTS = `query C { sessions(kind: WORKSHOP, first: 50) { edges { node { id ... on Workshop { plannedCostUsd actualCostUsd } } } } }`;
const later = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

describe('budget figures', () => {
  let t: TestApp;
  let admin: string;
  let workshop: string;

  beforeAll(async () => {
    t = await TestApp.start({ SEED_DEMO: 'false' });
    admin = await t.adminToken();
    workshop = (
      await aWorkshop(t, admin, {
        title: 'Costed workshop',
        venue: 'Hall 1',
        startsAt: later(30),
        endsAt: later(32),
        timeZone: 'UTC',
        capacity: 10,
        plannedCostUsd: 93000.5,
      })
    ).id;
    must(
      await t.gql(
        `mutation { recordExpenditure(component: "Regional workshops (10)", amountUsd: 1200.25, sessionId: "${workshop}") { spentUsd } }`,
        {},
        admin,
      ),
      'recordExpenditure',
    );
  });
  afterAll(() => t.close());

  it('shows a workshop’s costs to the Secretariat only; everyone else gets the workshop with null costs', async () => {
    const mine = must(await t.gql(COSTS, { id: workshop }, admin), 'session');
    expect(mine).toMatchObject({ id: workshop, plannedCostUsd: 93000.5, actualCostUsd: 1200.25 });

    const callers: [string, string | undefined][] = [['anonymous', undefined]];
    for (const role of [Role.DELEGATE, Role.FOCAL_POINT, Role.TRAINER, Role.REGIONAL_CENTRE]) {
      const extra =
        role === Role.REGIONAL_CENTRE
          ? { regionalCentreId: (await t.db.query(`SELECT id FROM regional_centre LIMIT 1`))[0].id }
          : {};
      callers.push([role, (await t.user([role], extra)).token]);
    }
    for (const [who, token] of callers) {
      const r = await t.gql(COSTS, { id: workshop }, token);
      expect({ who, errors: r.errors, session: r.data.session }).toEqual({
        who,
        errors: undefined,
        session: {
          id: workshop,
          title: 'Costed workshop',
          region: mine.region,
          plannedCostUsd: null,
          actualCostUsd: null,
        },
      });
    }
  });

  it('says so in the schema: nullable, "Secretariat only; null for others"', () => {
    const workshopType = t.app.get(GraphQLSchemaHost).schema.getType('Workshop') as GraphQLObjectType;
    for (const name of ['plannedCostUsd', 'actualCostUsd']) {
      const field = workshopType.getFields()[name];
      expect(isNonNullType(field.type)).toBe(false);
      expect(field.description).toMatch(/^Secretariat only; null for others/);
    }
  });

  it('never answers a page with costs from the catalogue cache, so no caller gets another’s view of them', async () => {
    for (let i = 0; i < 2; i++) {
      const before = CountingQueryLogger.queries;
      const secretariat = await t.gql(CATALOGUE_WITH_COSTS, {}, admin);
      expect(CountingQueryLogger.queries - before).toBeGreaterThan(0); // executed, not served from memory
      expect(secretariat.data.sessions.edges.find((e: any) => e.node.id === workshop).node.plannedCostUsd).toBe(
        93000.5,
      );
      const anonymous = await t.gql(CATALOGUE_WITH_COSTS, {});
      expect(anonymous.data.sessions.edges.find((e: any) => e.node.id === workshop).node).toEqual({
        id: workshop,
        plannedCostUsd: null,
        actualCostUsd: null,
      });
    }
  });
});
