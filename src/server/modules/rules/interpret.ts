// The interpreter: evaluates a checked expression for one entity, with NULL as "undetermined".
// It must agree with the SQL compiler on every input (see rules.differential.test.ts):
// && and || follow Kleene logic (false && undetermined = false), comparisons and arithmetic with an
// undetermined operand are undetermined, and division or remainder by zero is undetermined.
import type { Node } from './expr.js';

export type Value = number | boolean | string | null;
/** A row of the snapshot: column name → value. */
export type FactRow = Record<string, Value | undefined>;

export function evaluate(n: Node, row: FactRow): Value {
  switch (n.k) {
    case 'lit':
      return n.v;
    case 'fact':
      return row[n.column] ?? null;
    case 'has':
      return (row[n.column] ?? null) !== null;
    case 'not': {
      const v = evaluate(n.e, row);
      return v === null ? null : !v;
    }
    case 'neg': {
      const v = evaluate(n.e, row) as number | null;
      return v === null ? null : v === 0 ? 0 : -v;
    }
    case 'and': {
      const l = evaluate(n.l, row);
      const r = evaluate(n.r, row);
      if (l === false || r === false) return false;
      if (l === null || r === null) return null;
      return true;
    }
    case 'or': {
      const l = evaluate(n.l, row);
      const r = evaluate(n.r, row);
      if (l === true || r === true) return true;
      if (l === null || r === null) return null;
      return false;
    }
    case 'cmp': {
      const l = evaluate(n.l, row);
      const r = evaluate(n.r, row);
      if (l === null || r === null) return null;
      switch (n.op) {
        case '==':
          return l === r;
        case '!=':
          return l !== r;
        case '<':
          return (l as number) < (r as number);
        case '<=':
          return (l as number) <= (r as number);
        case '>':
          return (l as number) > (r as number);
        case '>=':
          return (l as number) >= (r as number);
      }
      break;
    }
    case 'arith': {
      const l = evaluate(n.l, row) as number | null;
      const r = evaluate(n.r, row) as number | null;
      if (l === null || r === null) return null;
      let v: number;
      switch (n.op) {
        case '+':
          v = l + r;
          break;
        case '-':
          v = l - r;
          break;
        case '*':
          v = l * r;
          break;
        case '/':
          if (r === 0) return null;
          v = Math.trunc(l / r);
          break;
        case '%':
          if (r === 0) return null;
          v = l % r;
          break;
      }
      return v === 0 ? 0 : v; // no negative zero
    }
    case 'cond': {
      const c = evaluate(n.c, row);
      if (c === null) return null;
      return c ? evaluate(n.a, row) : evaluate(n.b, row);
    }
    case 'in': {
      const v = evaluate(n.e, row);
      if (v === null) return null;
      return n.items.some((i) => (i as { v: unknown }).v === v);
    }
    case 'str': {
      const t = evaluate(n.t, row) as string | null;
      const a = evaluate(n.a, row) as string | null;
      if (t === null || a === null) return null;
      if (n.fn === 'startsWith') return t.startsWith(a);
      if (n.fn === 'endsWith') return t.endsWith(a);
      return t.includes(a);
    }
  }
  return null;
}
