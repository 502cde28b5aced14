export * from './case-activities';
export * from './deliveries';
