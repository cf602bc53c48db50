export * from './time';
export * from './calendar';
export * from './sla';
export * from './money';
export * from './appraisal';
export * from './rotation';
export * from './responsibility';
export * from './reports';
