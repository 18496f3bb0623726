/**
 * A static reading of Helm chart templates, enough to say which objects a
 * chart can render with given values: each YAML document with a literal
 * `kind:` at column 0, the `if`/`with`/`range` actions around it (its
 * guards), its hook annotations and the names it uses. No template is
 * executed: a guard this evaluator cannot decide (`include`, `$vars`,
 * `.Release`, `semverCompare`, ...) counts as "may render", so the kinds it
 * reports are a superset of what Helm renders with those values.
 *
 * Go template semantics followed (text/template "Actions", "Functions"):
 * `if`/`else if`/`else`/`end`, `with` (renders when its pipeline is not
 * empty), `range` (renders when not empty), `define`/`block` bodies are not
 * rendered where they stand; truth is "not the zero value" (false, 0, nil,
 * empty string, list or map). Sprig's `has NEEDLE LIST` is modelled;
 * `.Capabilities.APIVersions.Has` answers from the cluster's API versions
 * given to the evaluator.
 */

/** A document of a template that renders a literal kind. */
export interface TemplateObject {
  /** apiVersion as written (may hold a template action). */
  readonly apiVersion: string;
  readonly kind: string;
  /** metadata.name as written (may hold template actions). */
  readonly name: string;
  /** The template file, relative to the chart. */
  readonly template: string;
  /** Conditions that must all hold for it to render (Go template pipelines; `not (...)` for else branches). */
  readonly guards: readonly string[];
  /** helm.sh/hook annotation, e.g. "pre-install,pre-upgrade". */
  readonly helmHook?: string;
  /** argocd.argoproj.io/hook annotation. */
  readonly argocdHook?: string;
  /** serviceAccountName as written, for Pods, Jobs and their templates. */
  readonly serviceAccountName?: string;
}

const ACTION = /\{\{-?\s*([\s\S]*?)\s*-?\}\}/g;

/** The objects of one template file's text, and the `.Values` paths its guards read. */
export function readTemplate(template: string, text: string): TemplateObject[] {
  // Frames of the control structures open at each offset.
  type Frame = { type: 'if' | 'with' | 'range' | 'define'; branches: string[]; current: string[] };
  const stack: Frame[] = [];
  const events: { at: number; guards: string[] | null }[] = [];
  const guardsNow = (): string[] | null => {
    if (stack.some((f) => f.type === 'define')) return null;
    return stack.flatMap((f) => f.current);
  };
  events.push({ at: 0, guards: [] });
  for (const m of text.matchAll(ACTION)) {
    const body = m[1].trim();
    const end = m.index! + m[0].length;
    if (body.startsWith('/*')) continue;
    const word = body.split(/\s+/)[0];
    const rest = body.slice(word.length).trim();
    if (word === 'if') stack.push({ type: 'if', branches: [rest], current: [rest] });
    else if (word === 'with') stack.push({ type: 'with', branches: [rest], current: [rest] });
    else if (word === 'range') stack.push({ type: 'range', branches: [], current: [rangeGuard(rest)] });
    else if (word === 'define' || word === 'block') stack.push({ type: 'define', branches: [], current: [] });
    else if (word === 'else') {
      const f = stack[stack.length - 1];
      if (!f) continue;
      const negated = f.branches.map((b) => `not (${b})`);
      if (rest.startsWith('if ')) {
        const c = rest.slice(3).trim();
        f.current = [...negated, c];
        f.branches.push(c);
      } else if (rest.startsWith('with ')) {
        const c = rest.slice(5).trim();
        f.current = [...negated, c];
        f.branches.push(c);
      } else f.current = f.type === 'range' ? [`not (${f.current[0]})`] : negated;
    } else if (word === 'end') stack.pop();
    else continue;
    events.push({ at: end, guards: guardsNow() });
  }
  const guardsAt = (offset: number) => {
    let g: string[] | null = [];
    for (const e of events) if (e.at <= offset) g = e.guards;
    return g;
  };
  const objects: TemplateObject[] = [];
  // Documents: split at lines starting with `---`, keeping offsets.
  const starts = [0, ...[...text.matchAll(/^---.*$/gm)].map((m) => m.index! + m[0].length)];
  for (let i = 0; i < starts.length; i++) {
    const from = starts[i];
    const to = i + 1 < starts.length ? starts[i + 1] : text.length;
    const doc = text.slice(from, to);
    // Alternatives (if/else) can hold several kinds in one document: each `kind:` line is an object.
    const kinds = [...doc.matchAll(/^kind:\s*["']?([A-Za-z][A-Za-z0-9]*)["']?\s*$/gm)];
    kinds.forEach((kind, k) => {
      const guards = guardsAt(from + kind.index!);
      if (guards === null) return;
      const segFrom = k === 0 ? 0 : kind.index!;
      const segTo = k + 1 < kinds.length ? kinds[k + 1].index! : doc.length;
      const seg = doc.slice(segFrom, segTo);
      const apiVersion = [...doc.slice(0, kind.index!).matchAll(/^apiVersion:\s*(.+?)\s*$/gm)].pop()?.[1]
        ?? /^apiVersion:\s*(.+?)\s*$/m.exec(seg)?.[1] ?? '';
      const meta = /^metadata:\s*\n((?:[ \t].*\n?|\{\{.*\n?)*)/m.exec(seg)?.[1] ?? '';
      const name = /^ {2}name:\s*(.+?)\s*$/m.exec(meta)?.[1] ?? '';
      const helmHook = /["']?helm\.sh\/hook["']?:\s*["']?([a-z,\s-]+?)["']?\s*$/m.exec(seg)?.[1];
      const argocdHook = /["']?argocd\.argoproj\.io\/hook["']?:\s*["']?([A-Za-z,\s]+?)["']?\s*$/m.exec(seg)?.[1];
      const sa = /^\s*serviceAccountName:\s*(.+?)\s*$/m.exec(seg)?.[1];
      objects.push({
        apiVersion, kind: kind[1], name: unquote(name), template, guards,
        ...(helmHook ? { helmHook: helmHook.replace(/\s+/g, '') } : {}),
        ...(argocdHook ? { argocdHook: argocdHook.replace(/\s+/g, '') } : {}),
        ...(sa ? { serviceAccountName: unquote(sa) } : {}),
      });
    });
  }
  return objects;
}

const unquote = (s: string) => s.replace(/^["']|["']$/g, '');

/** `range $i, $x := PIPELINE` or `range PIPELINE`: renders when the pipeline is not empty. */
function rangeGuard(rest: string): string {
  const m = /^(?:\$[\w]*\s*(?:,\s*\$[\w]*)?\s*:?=\s*)?([\s\S]*)$/.exec(rest);
  return m![1].trim();
}

/** `.Values.a.b` paths a guard reads (as segments). */
export function valuesPaths(guard: string): string[][] {
  return [...guard.matchAll(/(?<![\w$)])\.Values((?:\.[\w-]+)+)/g)].map((m) => m[1].slice(1).split('.'));
}

/** Rewrites a subchart's `.Values.x` to the parent's `.Values.<under>.x` (`.Values.global` is shared). */
export function underValues(guard: string, under: string): string {
  return guard.replace(/(?<![\w$)])\.Values\.(?!global\b)/g, `.Values.${under}.`);
}

export const UNKNOWN = Symbol('unknown');
type V = unknown;

export interface GuardContext {
  /** The chart's values (defaults merged with the Application's). */
  readonly values: Record<string, unknown>;
  /** Answer for `.Capabilities.APIVersions.Has "<x>"`: true, false, or undefined for unknown. */
  readonly hasApi?: (v: string) => boolean | undefined;
}

const truthy = (v: V): boolean | typeof UNKNOWN => {
  if (v === UNKNOWN) return UNKNOWN;
  if (v === null || v === undefined || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'object') return Object.keys(v as object).length > 0;
  return true;
};

/** Whether a guard holds: true, false, or UNKNOWN when this reading cannot tell. */
export function evaluateGuard(guard: string, ctx: GuardContext): boolean | typeof UNKNOWN {
  try {
    return truthy(new Pipeline(tokenize(guard), ctx).pipeline());
  } catch {
    return UNKNOWN;
  }
}

/** True unless some guard is certainly false. */
export function mayRender(guards: readonly string[], ctx: GuardContext): boolean {
  return guards.every((g) => evaluateGuard(g, ctx) !== false);
}

function tokenize(s: string): string[] {
  const tokens: string[] = [];
  const re = /\s*("(?:[^"\\]|\\.)*"|`[^`]*`|\(|\)|\||:?=|,|[^\s()|,]+)/gy;
  let m: RegExpExecArray | null;
  let at = 0;
  while ((m = re.exec(s)) !== null) {
    tokens.push(m[1]);
    at = re.lastIndex;
  }
  if (s.slice(at).trim() !== '') throw new Error(`cannot tokenize ${s}`);
  return tokens;
}

class Pipeline {
  private i = 0;
  constructor(private readonly t: string[], private readonly ctx: GuardContext) {}

  pipeline(): V {
    if (this.t.some((x) => x === ':=' || x === '=')) return UNKNOWN;
    let v: V = this.command();
    let piped = true;
    while (this.t[this.i] === '|') {
      this.i++;
      v = this.command(v, piped);
      piped = true;
    }
    return v;
  }

  private command(input?: V, piped = false): V {
    const args: { tok: string; v: V }[] = [];
    while (this.i < this.t.length && this.t[this.i] !== '|' && this.t[this.i] !== ')') {
      const tok = this.t[this.i];
      if (tok === '(') {
        this.i++;
        const v = this.pipeline();
        if (this.t[this.i] !== ')') throw new Error('unbalanced');
        this.i++;
        args.push({ tok: '()', v });
      } else {
        this.i++;
        args.push({ tok, v: this.operand(tok) });
      }
    }
    if (piped) args.push({ tok: '|', v: input });
    if (args.length === 0) throw new Error('empty command');
    const [head, ...rest] = args;
    if (head.tok === '()' || head.tok.startsWith('.') || head.tok.startsWith('"') || /^[0-9-]/.test(head.tok) || head.tok === 'true' || head.tok === 'false' || head.tok === 'nil') {
      if (head.tok === '.Capabilities.APIVersions.Has' && rest.length) {
        const a = rest[0].v;
        if (typeof a !== 'string') return UNKNOWN;
        const r = this.ctx.hasApi?.(a);
        return r === undefined ? UNKNOWN : r;
      }
      return rest.length ? UNKNOWN : head.v;
    }
    const vals = rest.map((r) => r.v);
    const b = vals.map(truthy);
    switch (head.tok) {
      case 'not': return b[0] === UNKNOWN ? UNKNOWN : !b[0];
      case 'and': {
        if (b.some((x) => x === false)) return false;
        return b.every((x) => x === true) ? vals[vals.length - 1] : UNKNOWN;
      }
      case 'or': {
        const first = vals.find((_, k) => b[k] === true);
        if (first !== undefined) return first;
        return b.every((x) => x === false) ? vals[vals.length - 1] : UNKNOWN;
      }
      case 'eq': case 'ne': {
        if (vals.some((x) => x === UNKNOWN)) return UNKNOWN;
        const eq = vals.slice(1).some((x) => JSON.stringify(x) === JSON.stringify(vals[0]));
        return head.tok === 'eq' ? eq : !eq;
      }
      case 'empty': return b[0] === UNKNOWN ? UNKNOWN : !b[0];
      case 'has': {
        const [needle, list] = vals;
        if (needle === UNKNOWN || list === UNKNOWN) return UNKNOWN;
        return Array.isArray(list) ? list.some((x) => JSON.stringify(x) === JSON.stringify(needle)) : false;
      }
      case 'default': {
        const [dflt, given] = vals;
        const g = truthy(given);
        if (g === UNKNOWN) return UNKNOWN;
        return g ? given : dflt;
      }
      default: return UNKNOWN;
    }
  }

  private operand(tok: string): V {
    if (tok.startsWith('"')) return JSON.parse(tok);
    if (tok.startsWith('`')) return tok.slice(1, -1);
    if (tok === 'true') return true;
    if (tok === 'false') return false;
    if (tok === 'nil') return null;
    if (/^-?[0-9]+(\.[0-9]+)?$/.test(tok)) return Number(tok);
    if (tok.startsWith('.Values.') || tok === '.Values') {
      let v: V = this.ctx.values;
      for (const k of tok.split('.').slice(2)) {
        if (v === null || v === undefined) return null;
        if (typeof v !== 'object' || Array.isArray(v)) return UNKNOWN;
        v = (v as Record<string, V>)[k];
      }
      return v === undefined ? null : v;
    }
    return UNKNOWN;
  }
}
