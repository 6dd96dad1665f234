// Policies as json-rules-engine rules: one engine per entity type, one rule per policy whose
// event is the policy id; a record's facts are the snapshot columns the policies read, passed as
// runtime facts to engine.run().
//
// json-rules-engine's conditions are two-valued (all / any / leaf `fact operator value`), so a
// CEL boolean B becomes two conditions, "B is true" T(B) and "B is false" F(B) (dual-rail;
// undetermined is neither): T(a && b) = all[T(a), T(b)], F(a && b) = any[F(a), F(b)], T(!a) = F(a),
// T(c ? a : b) = any[all[T(c), T(a)], all[F(c), T(b)]]. Leaves use the built-in operators, which
// already fail on null for the numeric ones (their number validator); `!=`, `notIn` and
// fact-to-fact comparisons (`value: {fact}`) get explicit `notEqual null` guards. What the engine
// cannot express natively:
//   - arithmetic (`a * 200 / 10000`, `-a`): a computed fact (engine.addFact with a callback that
//     reads its input facts from the almanac and computes with null propagation);
//   - int/string ternaries: lifted to boolean ones first (normal.ts);
//   - startsWith / endsWith / contains on strings: custom operators;
//   - a literal on the left of a string test, or a constant condition: a static fact.
//   eligible(policy) = all[T(c1), …, T(cn), D(amount)], D = "the amount is determined".
import { Engine, Operator, type NestedCondition, type TopLevelCondition } from 'json-rules-engine';
import type { CmpOp, Node } from '../../src/server/modules/rules/expr.js';
import { columnsOf, valueClosure, type PeerPolicy, type Value } from './normal.js';

type Leaf = { fact: string; operator: string; value: unknown };
type C = { k: 'const'; v: boolean } | { k: 'leaf'; leaf: Leaf } | { k: 'all' | 'any'; xs: C[] };

const TRUE: C = { k: 'const', v: true };
const FALSE: C = { k: 'const', v: false };
function all(xs: C[]): C {
  const ys = xs.flatMap((x) => (x.k === 'all' ? x.xs : [x])).filter((x) => !(x.k === 'const' && x.v));
  if (ys.some((x) => x.k === 'const' && !x.v)) return FALSE;
  return ys.length === 0 ? TRUE : ys.length === 1 ? ys[0]! : { k: 'all', xs: ys };
}
function any(xs: C[]): C {
  const ys = xs.flatMap((x) => (x.k === 'any' ? x.xs : [x])).filter((x) => !(x.k === 'const' && !x.v));
  if (ys.some((x) => x.k === 'const' && x.v)) return TRUE;
  return ys.length === 0 ? FALSE : ys.length === 1 ? ys[0]! : { k: 'any', xs: ys };
}
const leaf = (fact: string, operator: string, value: unknown): C => ({ k: 'leaf', leaf: { fact, operator, value } });
const notNull = (fact: string): C => leaf(fact, 'notEqual', null);

const OPERATOR: Record<CmpOp, string> = { '==': 'equal', '!=': 'notEqual', '<': 'lessThan', '<=': 'lessThanInclusive', '>': 'greaterThan', '>=': 'greaterThanInclusive' };
const NEGATE: Record<CmpOp, CmpOp> = { '==': '!=', '!=': '==', '<': '>=', '<=': '>', '>': '<=', '>=': '<' };
const MIRROR: Record<CmpOp, CmpOp> = { '==': '==', '!=': '!=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };
const STR_OPERATOR = { startsWith: 'strStartsWith', endsWith: 'strEndsWith', contains: 'strContains' } as const;

/** An operand of a leaf: a literal, or a fact (a snapshot column, a computed fact or a static fact). */
type Operand = { lit: number | boolean | string } | { fact: string };

export class JreTranslator {
  /** Computed facts (arithmetic), by id. */
  readonly computed = new Map<string, { columns: string[]; fn: (get: (c: string) => Value) => Value }>();
  /** Static facts (literals that must sit on the left), by id. */
  readonly statics = new Map<string, Value>();

  private operand(n: Node): Operand {
    if (n.k === 'lit') return { lit: n.v };
    if (n.k === 'fact') return { fact: n.column };
    const columns = [...columnsOf(n)];
    if (columns.length === 0) {
      // Constant arithmetic is folded (a constant division by zero is an always-undetermined fact).
      const v = valueClosure(n)(() => null);
      return v === null ? { fact: this.staticFact(null) } : { lit: v };
    }
    const id = `computed_${this.computed.size}`;
    this.computed.set(id, { columns, fn: valueClosure(n) });
    return { fact: id };
  }

  private staticFact(v: Value): string {
    const id = `static_${this.statics.size}`;
    this.statics.set(id, v);
    return id;
  }

  private cmp(op: CmpOp, l: Operand, r: Operand): C {
    if ('lit' in l && 'lit' in r) {
      const a = l.lit;
      const b = r.lit;
      const v = op === '==' ? a === b : op === '!=' ? a !== b : op === '<' ? a < b : op === '<=' ? a <= b : op === '>' ? a > b : a >= b;
      return v ? TRUE : FALSE;
    }
    if ('lit' in l) return this.cmp(MIRROR[op], r, l);
    const f = (l as { fact: string }).fact;
    if ('lit' in r) {
      // equal and the numeric operators are false on null; notEqual is not.
      return op === '!=' ? all([notNull(f), leaf(f, 'notEqual', r.lit)]) : leaf(f, OPERATOR[op], r.lit);
    }
    return all([notNull(f), notNull(r.fact), leaf(f, OPERATOR[op], { fact: r.fact })]);
  }

  /** T(n) when `want`, else F(n); `n` in normal form. */
  truth(n: Node, want: boolean): C {
    const T = (x: Node) => this.truth(x, true);
    const F = (x: Node) => this.truth(x, false);
    switch (n.k) {
      case 'lit':
        return n.v === want ? TRUE : FALSE;
      case 'fact':
        return leaf(n.column, 'equal', want);
      case 'has':
        return leaf(n.column, want ? 'notEqual' : 'equal', null);
      case 'not':
        return this.truth(n.e, !want);
      case 'and':
        return want ? all([T(n.l), T(n.r)]) : any([F(n.l), F(n.r)]);
      case 'or':
        return want ? any([T(n.l), T(n.r)]) : all([F(n.l), F(n.r)]);
      case 'cond':
        return any([all([T(n.c), this.truth(n.a, want)]), all([F(n.c), this.truth(n.b, want)])]);
      case 'cmp': {
        if (n.l.ty === 'bool') {
          const eq = want === (n.op === '==');
          return eq ? any([all([T(n.l), T(n.r)]), all([F(n.l), F(n.r)])]) : any([all([T(n.l), F(n.r)]), all([F(n.l), T(n.r)])]);
        }
        return this.cmp(want ? n.op : NEGATE[n.op], this.operand(n.l), this.operand(n.r));
      }
      case 'in': {
        const e = this.operand(n.e);
        const items = n.items.map((i) => (i as { v: number | string }).v);
        if ('lit' in e) return items.includes(e.lit as number | string) === want ? TRUE : FALSE;
        return want ? leaf(e.fact, 'in', items) : all([notNull(e.fact), leaf(e.fact, 'notIn', items)]);
      }
      case 'str': {
        const t = this.operand(n.t);
        const a = this.operand(n.a);
        const fact = 'lit' in t ? this.staticFact(t.lit) : t.fact;
        const op = want ? STR_OPERATOR[n.fn] : `not_${STR_OPERATOR[n.fn]}`;
        // The custom operators' validator refuses a non-string (null) fact; the value needs a guard.
        return 'lit' in a ? leaf(fact, op, a.lit) : all([notNull(a.fact), leaf(fact, op, { fact: a.fact })]);
      }
      default:
        throw new Error(`not a boolean expression: ${n.k}`);
    }
  }

  /** "The (lifted) amount is determined". */
  defined(n: Node): C {
    if (n.k === 'cond' && n.ty !== 'bool') return any([all([this.truth(n.c, true), this.defined(n.a)]), all([this.truth(n.c, false), this.defined(n.b)])]);
    const o = this.operand(n);
    return 'lit' in o ? TRUE : notNull(o.fact);
  }

  eligible(p: PeerPolicy): C {
    return all([...p.criteria.map((c) => this.truth(c, true)), this.defined(p.amount)]);
  }

  toJson(c: C): NestedCondition {
    switch (c.k) {
      case 'const':
        return { fact: this.staticFact(true), operator: 'equal', value: c.v };
      case 'leaf':
        return { fact: c.leaf.fact, operator: c.leaf.operator, value: c.leaf.value };
      case 'all':
        return { all: c.xs.map((x) => this.toJson(x)) };
      case 'any':
        return { any: c.xs.map((x) => this.toJson(x)) };
    }
  }
}

/** Rule conditions per policy (top level is always `all`), with the engine set up to run them. */
export function jreEngine(policies: PeerPolicy[]): { engine: Engine; rules: { id: string; conditions: TopLevelCondition }[] } {
  const tr = new JreTranslator();
  const rules = policies.map((p) => {
    const c = tr.eligible(p);
    const json = tr.toJson(c);
    const conditions: TopLevelCondition = 'all' in json ? (json as TopLevelCondition) : { all: [json] };
    return { id: p.id, conditions };
  });
  const engine = new Engine([], { allowUndefinedFacts: false });
  for (const r of rules) engine.addRule({ name: r.id, conditions: r.conditions, event: { type: r.id } });
  // Custom operators; the validator makes them false on a non-string (null) fact, like the numeric ones.
  const isString = (v: string) => typeof v === 'string';
  for (const [name, fn] of [
    ['strStartsWith', (a: string, b: string) => a.startsWith(b)],
    ['strEndsWith', (a: string, b: string) => a.endsWith(b)],
    ['strContains', (a: string, b: string) => a.includes(b)],
  ] as const) {
    engine.addOperator(new Operator<string, string>(name, fn, isString));
    engine.addOperator(new Operator<string, string>(`not_${name}`, (a, b) => !fn(a, b), isString));
  }
  for (const [id, v] of tr.statics) engine.addFact(id, v);
  for (const [id, { columns, fn }] of tr.computed) {
    engine.addFact(id, async (_params, almanac) => {
      const vals = new Map<string, Value>();
      for (const c of columns) vals.set(c, (await almanac.factValue<Value>(c)) ?? null);
      return fn((c) => vals.get(c) ?? null);
    });
  }
  return { engine, rules };
}

