export * from './actor';
export * from './case-state';
export * from './commands';
export * from './directory';
export * from './duration';
export * from './events';
export * from './policy';
export * from './automation';
