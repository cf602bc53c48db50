export * from './sla-errors';
export * from './sla-policy';
export * from './seed-sla-policies';
export * from './sla-deadlines';
export * from './sla-extension';
