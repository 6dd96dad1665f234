// The SQL back end: compiles a checked expression to a PostgreSQL expression over a snapshot
// table. Identifiers come only from the catalogue (column names checked against it); every
// literal is a bound parameter. NULL plays "undetermined", so SQL's three-valued logic does the
// Kleene logic; division by zero becomes NULL (as in the interpreter) instead of an error.
import { sql, type RawBuilder } from 'kysely';
import type { Node } from './expr.js';

type Sql = RawBuilder<unknown>;
const COLUMN = /^[a-z][a-z0-9_]*$/;

function literal(n: Extract<Node, { k: 'lit' }>): Sql {
  if (n.ty === 'int') return sql`${n.v}::bigint`;
  if (n.ty === 'bool') return sql`${n.v}::boolean`;
  return sql`${n.v}::text`;
}

/** `alias` is the snapshot table's alias in the query. */
export function compileSql(n: Node, alias: string): Sql {
  const c = (x: Node) => compileSql(x, alias);
  switch (n.k) {
    case 'lit':
      return literal(n);
    case 'fact':
    case 'has': {
      if (!COLUMN.test(n.column)) throw new Error(`column ${n.column} is not a catalogue identifier`);
      const ref = sql.ref(`${alias}.${n.column}`);
      return n.k === 'fact' ? ref : sql`(${ref} IS NOT NULL)`;
    }
    case 'not':
      return sql`(NOT ${c(n.e)})`;
    case 'neg':
      return sql`(- ${c(n.e)})`;
    case 'and':
      return sql`(${c(n.l)} AND ${c(n.r)})`;
    case 'or':
      return sql`(${c(n.l)} OR ${c(n.r)})`;
    case 'cmp': {
      const op = n.op === '==' ? '=' : n.op === '!=' ? '<>' : n.op;
      return sql`(${c(n.l)} ${sql.raw(op)} ${c(n.r)})`;
    }
    case 'arith':
      if (n.op === '/' || n.op === '%') return sql`(${c(n.l)} ${sql.raw(n.op)} NULLIF(${c(n.r)}, 0))`;
      return sql`(${c(n.l)} ${sql.raw(n.op)} ${c(n.r)})`;
    case 'cond':
      return sql`(CASE WHEN ${c(n.c)} IS NULL THEN NULL WHEN ${c(n.c)} THEN ${c(n.a)} ELSE ${c(n.b)} END)`;
    case 'in':
      return sql`(${c(n.e)} IN (${sql.join(n.items.map(c))}))`;
    case 'str':
      if (n.fn === 'startsWith') return sql`(left(${c(n.t)}, length(${c(n.a)})) = ${c(n.a)})`;
      if (n.fn === 'endsWith') return sql`(right(${c(n.t)}, length(${c(n.a)})) = ${c(n.a)})`;
      return sql`(strpos(${c(n.t)}, ${c(n.a)}) > 0)`;
  }
}
