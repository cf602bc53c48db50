export * from './responsibility-split';
