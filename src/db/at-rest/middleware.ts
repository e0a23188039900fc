// Seals rows on their way into IndexedDB and opens them on the way out, under every
// other Dexie middleware (liveQuery, hooks and caches see the rows as the app wrote them).
// Templates stay clear: they are the app's checklists, not what a user typed.
import type { DBCore, DBCoreCursor, DBCoreTable, DBCoreTableSchema, Middleware } from 'dexie';
import { isSealed, openRow, sealRow, LockedError } from './codec';
import { countClearRow, currentCipher, sealingRequired } from './keyring';

const CLEAR_TABLES = new Set(['templates']);

export const atRestMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'AtRest',
  // Below Dexie's own middlewares (the lowest of which is -1): closest to IndexedDB.
  level: -10,
  create: (down) => ({
    ...down,
    table: (name) => {
      const table = down.table(name);
      return CLEAR_TABLES.has(name) ? table : sealedTable(table);
    },
  }),
};

function sealedTable(table: DBCoreTable): DBCoreTable {
  const clear = clearFields(table.schema);
  const context = new TextEncoder().encode(`xunjian:${table.name}`);
  const open = (value: unknown) => {
    if (value === undefined) return value;
    if (!isSealed(value)) {
      countClearRow();
      return value;
    }
    return openRow(value, currentCipher(), context);
  };
  const seal = (value: unknown) => {
    const cipher = currentCipher();
    if (!cipher) {
      if (sealingRequired()) throw new LockedError();
      return value;
    }
    return sealRow(value as Record<string, unknown>, clear, cipher, context);
  };
  return {
    ...table,
    get: (req) => table.get(req).then(open),
    getMany: (req) => table.getMany(req).then((rows) => rows.map(open)),
    query: (req) => table.query(req).then((res) => (req.values ? { ...res, result: res.result.map(open) } : res)),
    openCursor: (req) =>
      table.openCursor(req).then((cursor) => (cursor && req.values ? openingCursor(cursor, open) : cursor)),
    mutate: (req) => {
      if (req.type !== 'add' && req.type !== 'put') return table.mutate(req);
      // The change specs describe clear values; below here only whole rows are written.
      const {
        changeSpec: _one,
        updates: _many,
        ...rest
      } = req as typeof req & { changeSpec?: unknown; updates?: unknown };
      return table.mutate({ ...rest, values: req.values.map(seal) } as typeof req);
    },
  };
}

/**
 * The fields IndexedDB reads for keys: the primary key's and every index's (a compound
 * index's each). Only top-level names are used in this schema.
 */
function clearFields(schema: DBCoreTableSchema): string[] {
  const paths = [schema.primaryKey, ...schema.indexes].flatMap((index) =>
    index.keyPath === null ? [] : Array.isArray(index.keyPath) ? index.keyPath : [index.keyPath],
  );
  return [...new Set(paths.map((p) => p.split('.')[0]!))];
}

/** The same cursor, with its value opened (once per position). */
function openingCursor(cursor: DBCoreCursor, open: (value: unknown) => unknown): DBCoreCursor {
  let rawSeen: unknown;
  let opened: unknown;
  // IDBCursor's own getters refuse another `this`, so key and primaryKey are read from it.
  return Object.create(cursor, {
    key: { get: () => cursor.key },
    primaryKey: { get: () => cursor.primaryKey },
    value: {
      get: () => {
        const raw: unknown = cursor.value;
        if (raw !== rawSeen) {
          rawSeen = raw;
          opened = open(raw);
        }
        return opened;
      },
    },
  }) as DBCoreCursor;
}
