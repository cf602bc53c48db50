export * from './calendar-errors';
export * from './business-calendar';
export * from './calendar-validation';
export * from './working-days';
export * from './business-time';
export * from './china-mainland';
