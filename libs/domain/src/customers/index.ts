export * from './phone';
export * from './grade';
export * from './cadence';
