export * from './core.js';
export * from './ops.js';
export * from './bot.js';
export * from './crm.js';
export * from './slack.js';
export * from './conversation-transfer.js';
export * from './events.js';
