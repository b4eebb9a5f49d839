import pino from 'pino';

/** Structured JSON logs; LOG_LEVEL sets the level (default info). */
export const logger = pino({ level: process.env.LOG_LEVEL ?? 'info', base: { service: 'grassroots-case-engine' } });
export type Logger = typeof logger;
