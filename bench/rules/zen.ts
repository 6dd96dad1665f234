// Policies as GoRules ZEN decisions (JDM). One decision graph per entity type: the input node fans
// out to one expression node per policy, whose single output `p<i>` is "eligible" as a ZEN
// expression, and all of them feed the output node. Evaluated once per record.
//
// ZEN's expression language has no undetermined value: a comparison, `not`, `+` or a ternary on
// null is a runtime error (and a remainder by zero aborts the process), so the translation never
// lets one happen. Each boolean sub-expression B becomes two ZEN expressions that cannot fail,
// T(B) "B is true" and F(B) "B is false" (dual-rail; undetermined is neither); a value V
// becomes a definedness test D(V) and the value itself, only evaluated behind D(V) (ZEN's `and`
// short-circuits). Division is `trunc(a / b)` (ZEN numbers are decimals), behind `b != 0`.
//   eligible(policy) = T(c1) and … and T(cn) and D(amount)
import type { Node } from '../../src/server/modules/rules/expr.js';
import type { PeerPolicy } from './normal.js';

const ZEN_OP: Record<string, string> = { '==': '==', '!=': '!=', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };

const and = (xs: string[]): string => {
  const ys = xs.filter((x) => x !== 'true');
  if (ys.includes('false')) return 'false';
  return ys.length === 0 ? 'true' : ys.length === 1 ? ys[0]! : `(${ys.join(' and ')})`;
};
const or = (xs: string[]): string => {
  const ys = xs.filter((x) => x !== 'false');
  if (ys.includes('true')) return 'true';
  return ys.length === 0 ? 'false' : ys.length === 1 ? ys[0]! : `(${ys.join(' or ')})`;
};

function ident(column: string): string {
  if (!/^[a-z][a-z0-9_]*$/.test(column)) throw new Error(`column ${column} is not a plain identifier`);
  return column;
}

/** The value of a ternary-free int/string expression; valid only where D() holds. */
function value(n: Node): string {
  switch (n.k) {
    case 'lit':
      if (typeof n.v === 'string') return JSON.stringify(n.v);
      return typeof n.v === 'number' && n.v < 0 ? `(${n.v})` : String(n.v);
    case 'fact':
      return ident(n.column);
    case 'neg':
      return `(-${value(n.e)})`;
    case 'arith':
      if (n.op === '/') return `trunc(${value(n.l)} / ${value(n.r)})`;
      return `(${value(n.l)} ${n.op} ${value(n.r)})`;
    default:
      throw new Error(`not a ternary-free value: ${n.k}`);
  }
}

/** Definedness of a ternary-free value expression. */
function defined(n: Node): string {
  switch (n.k) {
    case 'lit':
      return 'true';
    case 'fact':
      return `${ident(n.column)} != null`;
    case 'neg':
      return defined(n.e);
    case 'arith':
      return and([defined(n.l), defined(n.r), ...(n.op === '/' || n.op === '%' ? [`${value(n.r)} != 0`] : [])]);
    default:
      throw new Error(`not a ternary-free value: ${n.k}`);
  }
}

/** Definedness of a lifted value (ternaries on top). */
function definedLifted(n: Node): string {
  if (n.k === 'cond' && n.ty !== 'bool') return or([and([truth(n.c, true), definedLifted(n.a)]), and([truth(n.c, false), definedLifted(n.b)])]);
  return defined(n);
}

/** T(n) when `want` is true, F(n) otherwise; `n` is in normal form (see normal.ts). */
function truth(n: Node, want: boolean): string {
  const T = (x: Node) => truth(x, true);
  const F = (x: Node) => truth(x, false);
  switch (n.k) {
    case 'lit':
      return String(n.v === want);
    case 'fact':
      return `${ident(n.column)} == ${want}`;
    case 'has':
      return want ? `${ident(n.column)} != null` : `${ident(n.column)} == null`;
    case 'not':
      return truth(n.e, !want);
    case 'and':
      return want ? and([T(n.l), T(n.r)]) : or([F(n.l), F(n.r)]);
    case 'or':
      return want ? or([T(n.l), T(n.r)]) : and([F(n.l), F(n.r)]);
    case 'cond':
      return or([and([T(n.c), truth(n.a, want)]), and([F(n.c), truth(n.b, want)])]);
    case 'cmp': {
      if (n.l.ty === 'bool') {
        // l == r is true when both are true or both false; false when one is true and the other false.
        const eq = want === (n.op === '==');
        return eq ? or([and([T(n.l), T(n.r)]), and([F(n.l), F(n.r)])]) : or([and([T(n.l), F(n.r)]), and([F(n.l), T(n.r)])]);
      }
      const test = `${value(n.l)} ${ZEN_OP[n.op]} ${value(n.r)}`;
      return and([defined(n.l), defined(n.r), want ? test : `not (${test})`]);
    }
    case 'in': {
      const test = `${value(n.e)} in [${n.items.map(value).join(', ')}]`;
      return and([defined(n.e), want ? test : `not (${test})`]);
    }
    case 'str': {
      const test = `${n.fn}(${value(n.t)}, ${value(n.a)})`;
      return and([defined(n.t), defined(n.a), want ? test : `not ${test}`]);
    }
    default:
      throw new Error(`not a boolean expression: ${n.k}`);
  }
}

/** The ZEN expression "the policy is eligible" (true or false, never an error). */
export function zenEligible(p: PeerPolicy): string {
  return and([...p.criteria.map((c) => truth(c, true)), definedLifted(p.amount)]);
}

/** One JDM graph for all policies of an entity type; output key `p<i>` for policies[i]. */
export function zenDecision(policies: PeerPolicy[]): object {
  const nodes: object[] = [{ id: 'request', type: 'inputNode', name: 'Request', position: { x: 0, y: 0 } }];
  const edges: object[] = [];
  policies.forEach((p, i) => {
    nodes.push({
      id: `policy${i}`,
      type: 'expressionNode',
      name: p.id,
      position: { x: 300, y: i * 100 },
      content: { expressions: [{ id: `policy${i}-eligible`, key: `p${i}`, value: zenEligible(p) }] },
    });
    edges.push({ id: `in${i}`, type: 'edge', sourceId: 'request', targetId: `policy${i}` });
    edges.push({ id: `out${i}`, type: 'edge', sourceId: `policy${i}`, targetId: 'response' });
  });
  nodes.push({ id: 'response', type: 'outputNode', name: 'Response', position: { x: 600, y: 0 } });
  return { contentType: 'application/vnd.gorules.decision', nodes, edges };
}
