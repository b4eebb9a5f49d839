/**
 * The types of the failures activities raise on purpose and the workflow reads: shared by both,
 * and free of imports so the workflow bundle takes no database code with it.
 */

/** The database refused a write for its data (SQLSTATE class 22); nothing was stored. */
export const UNSTORABLE_DATA = 'UnstorableData';
