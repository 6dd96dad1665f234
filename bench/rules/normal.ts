// Shared by the two peer translations (json-rules-engine, ZEN): a normal form of the checked CEL
// tree in which ternaries over int or string values are lifted out to the nearest boolean
// context, so that every comparison, `in` and string test has ternary-free operands:
//   a >= (c ? x : y)   becomes   c ? (a >= x) : (a >= y)
// This keeps Kleene semantics: when `c` is undetermined both sides are undetermined (SQL's
// CASE WHEN c IS NULL THEN NULL). Neither peer engine has undetermined values, so each one
// encodes a boolean expression B as two never-failing tests, "B is true" and "B is false"
// (dual-rail); "undetermined" is neither. Value expressions carry a definedness test.
import type { Node } from '../../src/server/modules/rules/expr.js';
import type { CompiledPolicy } from '../../src/server/modules/rules/policy.js';

/** Pushes an int/string expression's ternaries to its top: a tree of `cond` whose leaves have none. */
export function liftValue(n: Node): Node {
  switch (n.k) {
    case 'cond':
      if (n.ty === 'bool') return normalBool(n);
      return { k: 'cond', ty: n.ty, c: normalBool(n.c), a: liftValue(n.a), b: liftValue(n.b) };
    case 'neg':
      return distribute(liftValue(n.e), (e) => ({ k: 'neg', ty: 'int', e }));
    case 'arith':
      return distribute(liftValue(n.l), (l) => distribute(liftValue(n.r), (r) => ({ k: 'arith', ty: 'int', op: n.op, l, r })));
    default:
      return n;
  }
}

/** Applies `f` to every leaf of a lifted value tree, keeping the ternaries above. */
function distribute(n: Node, f: (leaf: Node) => Node): Node {
  if (n.k === 'cond' && n.ty !== 'bool') {
    const a = distribute(n.a, f);
    const b = distribute(n.b, f);
    return { k: 'cond', ty: a.ty, c: n.c, a, b };
  }
  return f(n);
}

/** A boolean expression whose comparisons, `in` and string tests have ternary-free operands. */
export function normalBool(n: Node): Node {
  switch (n.k) {
    case 'not':
      return { k: 'not', ty: 'bool', e: normalBool(n.e) };
    case 'and':
    case 'or':
      return { k: n.k, ty: 'bool', l: normalBool(n.l), r: normalBool(n.r) };
    case 'cond':
      return { k: 'cond', ty: 'bool', c: normalBool(n.c), a: normalBool(n.a), b: normalBool(n.b) };
    case 'cmp':
      if (n.l.ty === 'bool') return { k: 'cmp', ty: 'bool', op: n.op, l: normalBool(n.l), r: normalBool(n.r) };
      return distribute(liftValue(n.l), (l) => distribute(liftValue(n.r), (r) => ({ k: 'cmp', ty: 'bool', op: n.op, l, r })));
    case 'in':
      return distribute(liftValue(n.e), (e) => ({ k: 'in', ty: 'bool', e, items: n.items }));
    case 'str':
      return distribute(liftValue(n.t), (t) => distribute(liftValue(n.a), (a) => ({ k: 'str', ty: 'bool', fn: n.fn, t, a })));
    default:
      return n;
  }
}

/**
 * What a peer must decide per policy: every criterion is true, and the amount is determined
 * (the SQL back end's "eligible" outcome needs both; the amount's value is not compared).
 */
export type PeerPolicy = { id: string; criteria: Node[]; amount: Node };
export function peerPolicy(p: CompiledPolicy): PeerPolicy {
  return { id: p.def.id, criteria: p.criteria.map((c) => normalBool(c.node)), amount: liftValue(p.amount) };
}

/** Snapshot columns an expression reads. */
export function columnsOf(n: Node, out = new Set<string>()): Set<string> {
  switch (n.k) {
    case 'lit':
      break;
    case 'fact':
    case 'has':
      out.add(n.column);
      break;
    case 'not':
    case 'neg':
      columnsOf(n.e, out);
      break;
    case 'and':
    case 'or':
    case 'cmp':
    case 'arith':
      columnsOf(n.l, out);
      columnsOf(n.r, out);
      break;
    case 'cond':
      columnsOf(n.c, out);
      columnsOf(n.a, out);
      columnsOf(n.b, out);
      break;
    case 'in':
      columnsOf(n.e, out);
      break;
    case 'str':
      columnsOf(n.t, out);
      columnsOf(n.a, out);
      break;
  }
  return out;
}

export type Value = number | boolean | string | null;

/**
 * A ternary-free int/string expression as a JavaScript closure (null = undetermined; division and
 * remainder by zero are undetermined, division truncates). json-rules-engine uses it for computed
 * facts (arithmetic it cannot express).
 */
export function valueClosure(n: Node): (get: (column: string) => Value) => Value {
  switch (n.k) {
    case 'lit': {
      const v = n.v;
      return () => v;
    }
    case 'fact': {
      const c = n.column;
      return (get) => get(c) ?? null;
    }
    case 'neg': {
      const e = valueClosure(n.e);
      return (get) => {
        const v = e(get) as number | null;
        return v === null ? null : v === 0 ? 0 : -v;
      };
    }
    case 'arith': {
      const l = valueClosure(n.l);
      const r = valueClosure(n.r);
      const op = n.op;
      return (get) => {
        const a = l(get) as number | null;
        const b = r(get) as number | null;
        if (a === null || b === null) return null;
        let v: number;
        if (op === '+') v = a + b;
        else if (op === '-') v = a - b;
        else if (op === '*') v = a * b;
        else if (b === 0) return null;
        else if (op === '/') v = Math.trunc(a / b);
        else v = a % b;
        return v === 0 ? 0 : v;
      };
    }
    default:
      throw new Error(`not a ternary-free value expression: ${n.k}`);
  }
}
