export * from './appraisal-scheme';
export { competitionRank, type Ranked, type ScoredEntry } from './competition-ranking';
export * from './forced-distribution';
export * from './reward-tiers';
export * from './team-leader-appointment';
export { addMonthsToMonth, isLocalMonth, monthOfDate } from './local-date';
