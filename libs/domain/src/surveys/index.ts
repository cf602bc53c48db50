export * from './questions';
export * from './metrics';
