// Everything the worker registers (`workflowsPath`) is exported from here.
export * from './dispute-case';
export * from './deliver-notification';
export * from './clean-up';
