/** The highest stream version PostgreSQL's integer column holds; larger input is a 400, not a failed query. */
export const MAX_STREAM_VERSION = 2_147_483_647;
