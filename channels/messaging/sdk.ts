// bottender's index loads every platform it supports, its server and their HTTP clients: seconds of start-up for
// a node whose inboxes may use none of them. The chat-app platforms load it at first use (the first webhook,
// send or webhook registration of such an inbox) and share the one import.
export type Bottender = typeof import('bottender');

let bottender: Promise<Bottender> | undefined;
let common: Promise<typeof import('messaging-api-common')> | undefined;

export const loadBottender = (): Promise<Bottender> => (bottender ??= import('bottender'));

/** bottender's events read camelCased bodies (its Bot camelCases every request body the same way). */
export async function camelcaseKeysDeep(raw: unknown): Promise<any> {
  const { camelcaseKeysDeep: camelcase } = await (common ??= import('messaging-api-common'));
  return camelcase((raw ?? {}) as object);
}
