// Row ids are UUIDs. Checking the exact shape before a query keeps malformed ids (36 dashes passes a
// looser pattern) from reaching PostgreSQL, which would answer with an error instead of "no such row".
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);
