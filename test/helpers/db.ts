import { createDatabase, useDatabase, type XunjianDB } from '../../src/db';

let counter = 0;

/** A fresh, empty database (fake-indexeddb) installed as the app's database. */
export function freshDatabase(upTo = Infinity): { db: XunjianDB; name: string } {
  const name = `xunjian-test-${process.pid}-${++counter}`;
  const db = createDatabase(name, upTo);
  useDatabase(db);
  return { db, name };
}
