// The shape of an API answer as the client reads it back. Domain types hold `Date`s; `Response.json` sends them as
// ISO-8601 strings. Response types are derived from the domain's own types with `Json<...>` (in the domain's
// schema.ts), never written out again in a route file, so that a field added to the domain reaches the declared
// answer and a Date is never declared where a string arrives.
export type Json<T> = T extends Date
  ? string
  : T extends readonly (infer Item)[]
    ? Json<Item>[]
    : T extends (...args: never[]) => unknown
      ? never
      : T extends object
        ? { [Key in keyof T]: Json<T[Key]> }
        : T;

/** One page of a paged list. */
export type Paged<Item> = { items: Item[]; page: number; pageSize: number; total: number };
