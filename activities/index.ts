export * from './case-activities';
export * from './deliveries';
export * from './clean-up';
export * from './case-tallies';
