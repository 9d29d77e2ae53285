import { loggableUrl } from './logger';

describe('loggableUrl', () => {
  it('keeps calendar feed tokens and dashboard sign-in tokens out of the request log', () => {
    expect(loggableUrl('/calendar/AbC_-123456789012345678901234567890123456789.ics')).toBe('/calendar/[redacted].ics');
    expect(loggableUrl('/admin/queues?token=eyJhbGciOi.x.y')).toBe('/admin/queues?token=[redacted]');
    expect(loggableUrl('/admin/queues?page=2&token=abc&x=1')).toBe('/admin/queues?page=2&token=[redacted]&x=1');
    expect(loggableUrl('/graphql')).toBe('/graphql');
  });
});
