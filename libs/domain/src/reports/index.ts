export * from './monthly-report-schedule';
