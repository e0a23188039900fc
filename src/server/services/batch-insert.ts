// Multi-row INSERTs compiled once per shape. Kysely builds and compiles a node for every
// value on each call: for the ~1,000 rows of a push of 500 answers that was a tenth of
// the push's time, and most of its garbage. The SQL of n rows of one statement does not
// depend on the values, so it is compiled once (by whichever dialect the database
// speaks) and then run with each call's values as its parameters.
import type { Compilable, CompiledQuery, DialectAdapter } from 'kysely';
import type { Trx } from './records';

/** Where each parameter of a compiled template comes from. */
type Slot = { row: number; column: string } | { extra: string };

interface Template {
  compiled: CompiledQuery;
  slots: Slot[];
}

/** Templates by dialect (its adapter), then by statement, row count and columns. */
const templates = new WeakMap<DialectAdapter, Map<string, Template>>();

/** Rows per statement at most; a batch runs as statements of 512, 256, … 1 rows, so few templates. */
const MAX_ROWS = 512;

const SENTINEL = '\u0000slot\u0000';

/**
 * Run `build` over `rows` (and the same `extra` values for every row), returning what it
 * returns. `build` must use the values it is given as they are, as parameters.
 */
export async function insertRows<Row extends object, Extra extends object, Out>(
  trx: Trx,
  name: string,
  rows: readonly Row[],
  extra: Extra,
  build: (trx: Trx, rows: Row[], extra: Extra) => Compilable<Out>,
): Promise<Out[]> {
  const out: Out[] = [];
  for (let from = 0; from < rows.length;) {
    const n = Math.min(MAX_ROWS, 2 ** Math.floor(Math.log2(rows.length - from)));
    const batch = rows.slice(from, from + n);
    const { compiled, slots } = template(trx, name, batch, extra, build);
    const parameters = slots.map((slot) =>
      'extra' in slot ? field(extra, slot.extra) : field(batch[slot.row]!, slot.column),
    );
    out.push(...(await trx.executeQuery<Out>({ ...compiled, parameters })).rows);
    from += n;
  }
  return out;
}

const field = (object: object, key: string) => (object as Record<string, unknown>)[key];

function template<Row extends object, Extra extends object, Out>(
  trx: Trx,
  name: string,
  batch: Row[],
  extra: Extra,
  build: (trx: Trx, rows: Row[], extra: Extra) => Compilable<Out>,
): Template {
  const columns = Object.keys(batch[0]!);
  const key = `${name}\u0000${batch.length}\u0000${columns.join(',')}`;
  const adapter = trx.getExecutor().adapter;
  let byKey = templates.get(adapter);
  if (!byKey) templates.set(adapter, (byKey = new Map()));
  let found = byKey.get(key);
  if (!found) {
    const slotValue = (slot: Slot) => `${SENTINEL}${JSON.stringify(slot)}`;
    const rows = batch.map((_, row) =>
      Object.fromEntries(columns.map((column) => [column, slotValue({ row, column })])),
    ) as Row[];
    const extras = Object.fromEntries(Object.keys(extra).map((k) => [k, slotValue({ extra: k })])) as Extra;
    const compiled = build(trx, rows, extras).compile();
    const slots = compiled.parameters.map((p) => {
      // A parameter that is none of the values given would be baked into every later call.
      if (typeof p !== 'string' || !p.startsWith(SENTINEL))
        throw new Error(`insertRows(${name}): a parameter is not one of the row or extra values`);
      return JSON.parse(p.slice(SENTINEL.length)) as Slot;
    });
    byKey.set(key, (found = { compiled, slots }));
  }
  return found;
}
