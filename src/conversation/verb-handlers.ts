/**
 * Card actions are dispatched through a map from verb to handler instead of a switch: the map's type has
 * one key per verb of the action union, each handler receives the action narrowed to its verb, and a verb
 * added to `CardActionSchema` without a handler is a type error where the map is written.
 */
export type VerbHandlers<A extends { verb: string }, Turn, R> = {
  [V in A['verb']]: (action: Extract<A, { verb: V }>, turn: Turn) => Promise<R>;
};

/** Calls the handler of the action's verb. */
export function dispatch<A extends { verb: string }, Turn, R>(
  handlers: VerbHandlers<A, Turn, R>,
  action: A,
  turn: Turn,
): Promise<R> {
  const handler = handlers[action.verb as A['verb']] as (action: A, turn: Turn) => Promise<R>;
  return handler(action, turn);
}
