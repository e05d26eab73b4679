/** A Bot Framework conversation reference, kept as the channel sent it (opaque JSON to the store). */
export type StoredReference = Record<string, unknown> & { conversation: { id: string }; serviceUrl: string };
