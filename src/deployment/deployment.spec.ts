import { loadConfig } from '../config/config';
import { completeConfig, redisPrefixOf } from './deployment';

const deployment = { id: '3f2a9c1e-77b4-4e0a-9d1c-5b8e2f6a7c90', jwtSecret: 'd'.repeat(43) };

describe('completeConfig', () => {
  it("takes the secret and the Redis namespace from the deployment's identity when the environment has none", () => {
    const c = completeConfig(loadConfig({}), deployment);
    expect(c).toMatchObject({
      jwtSecret: deployment.jwtSecret,
      redisPrefix: 'lms:3f2a9c1e77b4',
      deploymentId: deployment.id,
    });
  });

  it('lets JWT_SECRET and REDIS_PREFIX win', () => {
    const c = completeConfig(loadConfig({ JWT_SECRET: 'e'.repeat(40), REDIS_PREFIX: 'lms-test' }), deployment);
    expect(c).toMatchObject({ jwtSecret: 'e'.repeat(40), redisPrefix: 'lms-test', deploymentId: deployment.id });
  });

  it('gives two deployments two namespaces that REDIS_PREFIX would accept', () => {
    const other = redisPrefixOf('9b0c4d7e-1a2b-4c3d-8e4f-a1b2c3d4e5f6');
    expect(other).toBe('lms:9b0c4d7e1a2b');
    expect(other).not.toBe(redisPrefixOf(deployment.id));
    expect(() => loadConfig({ REDIS_PREFIX: other })).not.toThrow();
  });
});
