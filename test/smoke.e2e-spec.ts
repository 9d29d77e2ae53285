import { TestApp } from './support/test-app';

describe('smoke', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await TestApp.start();
  });
  afterAll(async () => {
    await t.close();
  });

  it('serves the modules', async () => {
    const r = await t.gql('{ thematicModules { code } }');
    expect(r.data.thematicModules).toHaveLength(4);
  });
});
