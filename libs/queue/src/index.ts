export * from '@lib/messages';
export * from './queue-names';
export * from './job-payloads';
export * from './job-handler';
export * from './job-queues';
export * from './worker-host';
export * from './outbox-relay';
