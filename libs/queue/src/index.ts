export * from './outbox-events';
