export * from './domain-error';
export * from './cursor';
export * from './time';
export * from './money';
export * from './loggable-error';
export * from './html';
