// better-sqlite3 ships no types and @types/better-sqlite3 is not a dependency: knex drives it
// in the server. Tests open the file directly to hold locks; this is the part they use.
declare module 'better-sqlite3' {
  interface Database {
    exec(sql: string): this;
    pragma(source: string): unknown;
    close(): this;
  }
  const Database: new (filename: string, options?: { readonly?: boolean; fileMustExist?: boolean }) => Database;
  export default Database;
}
