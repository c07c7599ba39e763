// `pg` serialises query parameters with this function; @types/pg does not declare the module.
declare module 'pg/lib/utils.js' {
  export function prepareValue(value: unknown): string | Buffer | null | undefined;
}
