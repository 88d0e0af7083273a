export * from './core.js';
export * from './ops.js';
