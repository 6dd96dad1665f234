// Parses CEL with @bufbuild/cel and checks it against the fact catalogue, producing a small typed
// tree that both back ends (the SQL compiler and the interpreter) read. Anything outside the
// supported subset is refused here, when the policy is saved, with a message saying what and where.
import { parse } from '@bufbuild/cel';
import type { EntityType } from '../../db/schema.js';
import { visibleFacts, type FactType, type VisibleFact } from './catalogue.js';

export type Ty = FactType;
export type CmpOp = '==' | '!=' | '<' | '<=' | '>' | '>=';
export type ArithOp = '+' | '-' | '*' | '/' | '%';
export type StrFn = 'startsWith' | 'endsWith' | 'contains';
export type Node =
  | { k: 'lit'; ty: Ty; v: number | boolean | string }
  | { k: 'fact'; ty: Ty; path: string; column: string }
  | { k: 'has'; ty: 'bool'; path: string; column: string }
  | { k: 'not'; ty: 'bool'; e: Node }
  | { k: 'neg'; ty: 'int'; e: Node }
  | { k: 'and' | 'or'; ty: 'bool'; l: Node; r: Node }
  | { k: 'cmp'; ty: 'bool'; op: CmpOp; l: Node; r: Node }
  | { k: 'arith'; ty: 'int'; op: ArithOp; l: Node; r: Node }
  | { k: 'cond'; ty: Ty; c: Node; a: Node; b: Node }
  | { k: 'in'; ty: 'bool'; e: Node; items: Node[] }
  | { k: 'str'; ty: 'bool'; fn: StrFn; t: Node; a: Node };

/** Largest integer literal accepted: keeps every product of two values inside 64-bit range. */
export const MAX_LITERAL = 1_000_000_000_000;

export class ExprError extends Error {
  constructor(
    readonly zh: string,
    readonly en: string,
    readonly position: number | null,
  ) {
    super(en);
  }
}

// Protobuf shapes from @bufbuild/cel-spec, narrowed to what we read.
type PExpr = { id: bigint; exprKind: { case: string | undefined; value?: unknown } };
type PConst = { constantKind: { case: string | undefined; value?: unknown } };
type PCall = { target?: PExpr; function: string; args: PExpr[] };
type PSelect = { operand?: PExpr; field: string; testOnly: boolean };
type PList = { elements: PExpr[] };

const CMP: Record<string, CmpOp> = { '_==_': '==', '_!=_': '!=', '_<_': '<', '_<=_': '<=', '_>_': '>', '_>=_': '>=' };
const ARITH: Record<string, ArithOp> = { '_+_': '+', '_-_': '-', '_*_': '*', '_/_': '/', '_%_': '%' };
const TY_ZH: Record<Ty, string> = { int: '整数', bool: '布尔', string: '字符串' };

/** Parses and checks one expression over the facts visible to `entity`; `want` is the type required. */
export function checkExpr(source: string, entity: EntityType, want: Ty): Node {
  if (source.trim() === '') throw new ExprError('表达式不能为空', 'The expression is empty', null);
  if (source.length > 4000) throw new ExprError('表达式过长(最多4000字符)', 'The expression is too long (at most 4,000 characters)', null);
  let parsed: { expr: PExpr; sourceInfo?: { positions: Record<string, number> } };
  try {
    parsed = parse(source) as unknown as typeof parsed;
  } catch (e) {
    const m = e instanceof Error ? e.message : String(e);
    const pos = /<input>:\d+:(\d+)/.exec(m);
    throw new ExprError(`语法错误：${m}`, `Syntax error: ${m}`, pos ? Number(pos[1]) - 1 : null);
  }
  const positions = parsed.sourceInfo?.positions ?? {};
  const facts = visibleFacts(entity);
  const node = new Checker(facts, positions, entity).check(parsed.expr);
  if (node.ty !== want) {
    throw new ExprError(`表达式结果应为${TY_ZH[want]}，实际为${TY_ZH[node.ty]}`, `The expression must give ${want}, but gives ${node.ty}`, 0);
  }
  if (maxMagnitude(node, facts) > Number.MAX_SAFE_INTEGER) {
    throw new ExprError('整数运算可能超出范围(超过2^53)，请缩小常量或减少相乘的事实', 'Integer arithmetic could overflow (beyond 2^53); use smaller literals or fewer multiplied facts', null);
  }
  return node;
}

class Checker {
  constructor(
    private readonly facts: Map<string, VisibleFact>,
    private readonly positions: Record<string, number>,
    private readonly entity: EntityType,
  ) {}

  private fail(e: PExpr, zh: string, en: string): never {
    const pos = this.positions[String(e.id)];
    throw new ExprError(pos === undefined ? zh : `第${pos + 1}个字符处：${zh}`, pos === undefined ? en : `At character ${pos + 1}: ${en}`, pos ?? null);
  }

  check(e: PExpr): Node {
    const kind = e.exprKind.case;
    switch (kind) {
      case 'constExpr':
        return this.constant(e, e.exprKind.value as PConst);
      case 'identExpr': {
        const name = (e.exprKind.value as { name: string }).name;
        return this.fail(e, `"${name}" 不是事实；请写成 命名空间.事实，例如 ${this.entity}.age`, `"${name}" is not a fact; write namespace.fact, e.g. ${this.entity}.age`);
      }
      case 'selectExpr':
        return this.select(e, e.exprKind.value as PSelect);
      case 'callExpr':
        return this.call(e, e.exprKind.value as PCall);
      case 'listExpr':
        return this.fail(e, '列表只能出现在 in 的右边', 'A list may only appear on the right of "in"');
      default:
        return this.fail(e, `不支持的表达式(${kind ?? '未知'})：只支持事实、常量、比较、算术、逻辑、三元、in 和字符串前后缀/包含`, `Unsupported expression (${kind ?? 'unknown'}): only facts, literals, comparisons, arithmetic, logic, ?:, in, and startsWith/endsWith/contains are supported`);
    }
  }

  private constant(e: PExpr, c: PConst): Node {
    const { case: k, value } = c.constantKind;
    if (k === 'int64Value') {
      const v = value as bigint;
      if (v > BigInt(MAX_LITERAL) || v < -BigInt(MAX_LITERAL)) this.fail(e, `整数常量超出范围(绝对值不超过${MAX_LITERAL})`, `Integer literal out of range (at most ${MAX_LITERAL} in magnitude)`);
      return { k: 'lit', ty: 'int', v: Number(v) };
    }
    if (k === 'boolValue') return { k: 'lit', ty: 'bool', v: value as boolean };
    if (k === 'stringValue') {
      // PostgreSQL text cannot hold NUL.
      if ((value as string).includes('\u0000')) this.fail(e, '字符串不能包含空字符(\\0)', 'Strings cannot contain the NUL character');
      return { k: 'lit', ty: 'string', v: value as string };
    }
    if (k === 'doubleValue') return this.fail(e, '不支持小数：金额用整数分，比例请写成整数运算', 'Decimals are not supported: money is integer fen; write ratios as integer arithmetic');
    if (k === 'nullValue') return this.fail(e, '不支持 null；判断数据是否缺失请用 has(命名空间.事实)', 'null is not supported; use has(namespace.fact) to test for missing data');
    return this.fail(e, `不支持的常量类型(${k ?? '未知'})`, `Unsupported literal type (${k ?? 'unknown'})`);
  }

  private select(e: PExpr, s: PSelect): Node {
    const op = s.operand;
    if (!op || op.exprKind.case !== 'identExpr') return this.fail(e, '事实应写成 命名空间.事实', 'Facts are written namespace.fact');
    const ns = (op.exprKind.value as { name: string }).name;
    const path = `${ns}.${s.field}`;
    const fact = this.facts.get(path);
    if (!fact) {
      const known = [...new Set([...this.facts.values()].map((f) => f.namespace))].join(', ');
      return this.fail(e, `未知的事实 ${path}(可用命名空间：${known})`, `Unknown fact ${path} (namespaces available: ${known})`);
    }
    if (s.testOnly) return { k: 'has', ty: 'bool', path, column: fact.column };
    return { k: 'fact', ty: fact.type, path, column: fact.column };
  }

  private call(e: PExpr, c: PCall): Node {
    const fn = c.function;
    const args = c.args;
    if (c.target) {
      if (fn === 'startsWith' || fn === 'endsWith' || fn === 'contains') {
        const t = this.check(c.target);
        if (args.length !== 1) this.fail(e, `${fn} 需要一个参数`, `${fn} takes one argument`);
        const a = this.check(args[0]!);
        if (t.ty !== 'string' || a.ty !== 'string') this.fail(e, `${fn} 只用于字符串`, `${fn} applies to strings only`);
        return { k: 'str', ty: 'bool', fn, t, a };
      }
      return this.fail(e, `不支持的方法 ${fn}`, `Unsupported method ${fn}`);
    }
    if (fn === '_&&_' || fn === '_||_') {
      const [l, r] = args.map((a) => this.check(a)) as [Node, Node];
      if (l.ty !== 'bool' || r.ty !== 'bool') this.fail(e, `${fn === '_&&_' ? '&&' : '||'} 两边必须是布尔值`, `Both sides of ${fn === '_&&_' ? '&&' : '||'} must be bool`);
      return { k: fn === '_&&_' ? 'and' : 'or', ty: 'bool', l, r };
    }
    if (fn === '!_') {
      const x = this.check(args[0]!);
      if (x.ty !== 'bool') this.fail(e, '! 只用于布尔值', '! applies to bool only');
      return { k: 'not', ty: 'bool', e: x };
    }
    if (fn === '-_') {
      const x = this.check(args[0]!);
      if (x.ty !== 'int') this.fail(e, '负号只用于整数', 'Unary minus applies to int only');
      return { k: 'neg', ty: 'int', e: x };
    }
    const cmp = CMP[fn];
    if (cmp) {
      const [l, r] = args.map((a) => this.check(a)) as [Node, Node];
      if (l.ty !== r.ty) this.fail(e, `比较的两边类型不同(${TY_ZH[l.ty]}与${TY_ZH[r.ty]})`, `Comparison of different types (${l.ty} and ${r.ty})`);
      if (cmp !== '==' && cmp !== '!=' && l.ty !== 'int') this.fail(e, `${cmp} 只用于整数`, `${cmp} applies to int only`);
      return { k: 'cmp', ty: 'bool', op: cmp, l, r };
    }
    const arith = ARITH[fn];
    if (arith) {
      const [l, r] = args.map((a) => this.check(a)) as [Node, Node];
      if (l.ty !== 'int' || r.ty !== 'int') this.fail(e, `${arith} 只用于整数`, `${arith} applies to int only`);
      return { k: 'arith', ty: 'int', op: arith, l, r };
    }
    if (fn === '_?_:_') {
      const [cnd, a, b] = args.map((x) => this.check(x)) as [Node, Node, Node];
      if (cnd.ty !== 'bool') this.fail(e, '?: 的条件必须是布尔值', 'The condition of ?: must be bool');
      if (a.ty !== b.ty) this.fail(e, '?: 两个分支类型必须相同', 'Both branches of ?: must have the same type');
      return { k: 'cond', ty: a.ty, c: cnd, a, b };
    }
    if (fn === '@in') {
      const x = this.check(args[0]!);
      const list = args[1]!;
      if (list.exprKind.case !== 'listExpr') this.fail(e, 'in 的右边必须是常量列表，例如 [1, 2]', 'The right of "in" must be a list of literals, e.g. [1, 2]');
      const elems = (list.exprKind.value as PList).elements;
      if (elems.length === 0) this.fail(e, 'in 的列表不能为空', 'The list of "in" must not be empty');
      const items = elems.map((el) => {
        const n = this.check(el);
        if (n.k !== 'lit') this.fail(el, 'in 的列表只能包含常量', 'The list of "in" may hold literals only');
        if (n.ty !== x.ty) this.fail(el, `列表元素类型应为${TY_ZH[x.ty]}`, `List items must be ${x.ty}`);
        return n;
      });
      return { k: 'in', ty: 'bool', e: x, items };
    }
    if (fn === 'has') return this.fail(e, 'has() 的参数应为 命名空间.事实', 'has() takes namespace.fact');
    return this.fail(e, `不支持的函数或运算 ${fn.replace(/_/g, ' ').trim()}`, `Unsupported function or operator ${fn.replace(/_/g, ' ').trim()}`);
  }
}

/** Largest magnitude a fact of each unit can take; bounds integer arithmetic statically. */
const UNIT_BOUND: Record<string, number> = { year: 200, month: 2400, person: 10_000_000, fen: 10_000_000_000 };
const DEFAULT_BOUND = 1_000_000;

/** An upper bound on |value| of an int expression, so that neither back end can overflow. */
function maxMagnitude(n: Node, facts: Map<string, VisibleFact>): number {
  const m = (x: Node) => maxMagnitude(x, facts);
  switch (n.k) {
    case 'lit':
      return typeof n.v === 'number' ? Math.abs(n.v) : 0;
    case 'fact':
      return n.ty === 'int' ? (UNIT_BOUND[facts.get(n.path)?.unit ?? ''] ?? DEFAULT_BOUND) : 0;
    case 'neg':
    case 'not':
      return m(n.e);
    case 'arith': {
      const l = m(n.l);
      const r = m(n.r);
      if (n.op === '+' || n.op === '-') return l + r;
      if (n.op === '*') return l * r;
      if (n.op === '/') return l;
      return Math.min(l, r);
    }
    case 'cond':
      return Math.max(m(n.c), m(n.a), m(n.b));
    case 'and':
    case 'or':
    case 'cmp':
      // A margin subtracts the two sides of a comparison.
      return n.k === 'cmp' ? m(n.l) + m(n.r) : Math.max(m(n.l), m(n.r));
    case 'in':
      return m(n.e);
    case 'has':
    case 'str':
      return 0;
  }
}

/** The facts an expression reads, by path. */
export function factsOf(n: Node, out = new Set<string>()): Set<string> {
  switch (n.k) {
    case 'lit':
      break;
    case 'fact':
    case 'has':
      out.add(n.path);
      break;
    case 'not':
    case 'neg':
      factsOf(n.e, out);
      break;
    case 'and':
    case 'or':
    case 'cmp':
    case 'arith':
      factsOf(n.l, out);
      factsOf(n.r, out);
      break;
    case 'cond':
      factsOf(n.c, out);
      factsOf(n.a, out);
      factsOf(n.b, out);
      break;
    case 'in':
      factsOf(n.e, out);
      break;
    case 'str':
      factsOf(n.t, out);
      factsOf(n.a, out);
      break;
  }
  return out;
}

/** A criterion has a margin when it is one integer comparison: how far the left side is from the right. */
export function marginOperands(n: Node): { l: Node; r: Node; op: CmpOp } | null {
  return n.k === 'cmp' && n.l.ty === 'int' ? { l: n.l, r: n.r, op: n.op } : null;
}
