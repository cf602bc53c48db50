export * from './time-errors';
export * from './zoned-time';
export * from './time-of-day';
export * from './periods';
