export * from './outbox-events';
export * from './mail-kinds';
