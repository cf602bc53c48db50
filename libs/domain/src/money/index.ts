export * from './money-errors';
export * from './yuan';
export * from './percent';
export * from './largest-remainder';
