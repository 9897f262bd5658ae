import {
  boolCoreTag,
  CHOMPING_MODE,
  COLLECTION_STYLE,
  Event,
  EVENT_ID,
  floatCoreTag,
  getScalarValue,
  intCoreTag,
  MappingEvent,
  NOT_RESOLVED,
  nullCoreTag,
  parseEvents,
  SCALAR_STYLE,
  ScalarEvent,
  SequenceEvent,
} from 'js-yaml';
import { MapNode, Pair, ScalarNode, ScalarValue, SeqNode, settle, SNode } from './node';
import { addWritten, AliasLimitError, DepthLimitError, entryLineEnd, LimitError, limitIssue, MAX_ALIASES, MAX_DEPTH, MergeBudget, mergeInto, ParsedYamlDoc } from './yamlTree';

/**
 * The fast reader: js-yaml's event stream (offsets into the text, no
 * intermediate tree) turned straight into our nodes. It reads well-formed
 * manifests about ten times faster than the `yaml` package composes them,
 * which is most of what a workspace check costs.
 *
 * It produces exactly the tree the tolerant reader (yamlFromDocument) does,
 * ranges included, and declines (returns undefined) whatever it does not
 * handle the same way: any syntax error, tags, directives, several
 * documents in one chunk, duplicate keys, empty values inside flow
 * collections, complex keys, aliases past the budget. A test reads a corpus
 * with both and requires identical trees.
 */
export function readYamlEvents(text: string, base = 0): ParsedYamlDoc[] | undefined {
  let events: Event[];
  try {
    events = parseEvents(text, {});
  } catch {
    return undefined;
  }
  if (events.length === 0) return undefined; // blank, comments only, or a lone `...`
  const doc = events[0];
  if (doc.type !== EVENT_ID.DOCUMENT || doc.directives.length > 0 || doc.explicitEnd) return undefined;
  // A document that is a bare scalar is no manifest; odd line breaks are left to the reader that reports them.
  if (events[1].type === EVENT_ID.SCALAR || ODD_BREAKS.test(text)) return undefined;
  // A `...` document end marker: js-yaml drops the empty document before it, the tolerant reader keeps one.
  if (DOCUMENT_END.test(text)) return undefined;
  // A tab where a line's indentation is: YAML allows only spaces there, js-yaml is lenient in places; the tolerant reader judges.
  if (TAB_INDENT.test(text)) return undefined;
  try {
    const reader = new EventReader(events, text, base);
    const root = reader.node(0, Context.Root);
    if (reader.next !== events.length - 1) return undefined; // a second document in the chunk
    let start: number;
    if (doc.explicitStart) {
      if (!text.startsWith('---')) return undefined;
      start = base;
    } else {
      const first = events[1];
      start = first.type !== EVENT_ID.POP && first.type !== EVENT_ID.DOCUMENT && first.anchorStart >= 0 ? base + first.anchorStart - 1 : root.range[0];
      // Indented content at the top: where its document starts is for the tolerant reader to say.
      if (start - base > 0 && text.charCodeAt(start - base - 1) !== 10) return undefined;
    }
    return [{ root, range: [start, base + text.length], errors: [] }];
  } catch (error) {
    // Well-formed but past a limit: reported without reading the text a second time.
    if (error instanceof LimitError) return [{ root: undefined, range: [base, base + text.length], errors: [limitIssue(error)] }];
    // DECLINE, or anything unforeseen: the tolerant reader is the reference either way.
    return undefined;
  }
}

const DECLINE = new Error('left to the tolerant reader');
/** Up to this many pairs a map's keys are compared one by one rather than kept in a set. */
const SMALL_MAP = 16;
/** Characters the two readers may break or skip differently: a lone CR, NEL, LS, PS, a BOM inside the text. */
const ODD_BREAKS = /\r(?!\n)|[\u0085\u2028\u2029]|[^]\uFEFF/;
const TAB_INDENT = /(^|[\n\r]) *\t/;
const DOCUMENT_END = /^\.\.\.(?=[ \t]|\r?$)/m;

const enum Context {
  Root,
  MapValue,
  SeqItem,
  Flow,
}

const enum Ch {
  Tab = 9,
  Lf = 10,
  Cr = 13,
  Space = 32,
  Hash = 35,
  Comma = 44,
  Dash = 45,
  Colon = 58,
  Greater = 62,
  Question = 63,
  Bracket = 91,
  CloseBracket = 93,
  Brace = 123,
  Bar = 124,
  CloseBrace = 125,
}

class EventReader {
  /** The event to read next: the one after the DOCUMENT event. */
  next = 1;
  /** After node(): where its line ends (entryLineEnd), which is where a block collection that it ends ends. */
  private end = 0;
  /** After node(): the end of what was written at that place (an alias's own name, not its target). */
  private written = 0;
  private readonly anchors = new Map<string, SNode>();
  private readonly building = new Set<SNode>();
  private aliases = 0;
  private depth = 0;
  private readonly merges = new MergeBudget();

  constructor(
    private readonly events: Event[],
    private readonly text: string,
    private readonly base: number,
  ) {}

  /** Reads one node; `cursor` is where the text before it (key, `-`, `:`) ends. */
  node(cursor: number, context: Context): SNode {
    if (++this.depth > MAX_DEPTH) {
      const at = this.base + Math.max(0, (this.events[this.next] as { start?: number }).start ?? cursor);
      throw new DepthLimitError([at, at + 1]);
    }
    try {
      return this.read(cursor, context);
    } finally {
      this.depth--;
    }
  }

  private read(cursor: number, context: Context): SNode {
    const event = this.events[this.next++];
    switch (event.type) {
      case EVENT_ID.SCALAR:
        return this.scalar(event, cursor, context);
      case EVENT_ID.MAPPING:
        return this.map(event);
      case EVENT_ID.SEQUENCE:
        return this.seq(event);
      case EVENT_ID.ALIAS: {
        if (++this.aliases > MAX_ALIASES) throw new AliasLimitError([this.base + event.anchorStart - 1, this.base + event.anchorEnd]);
        const target = this.anchors.get(this.text.slice(event.anchorStart, event.anchorEnd));
        if (!target || this.building.has(target)) throw DECLINE;
        this.written = event.anchorEnd;
        this.end = entryLineEnd(this.text, event.anchorEnd, false);
        return target;
      }
      default:
        throw DECLINE;
    }
  }

  private scalar(event: ScalarEvent, cursor: number, context: Context): ScalarNode {
    if (event.tagStart >= 0) throw DECLINE;
    let start: number;
    let end: number;
    let value: ScalarValue;
    const style = event.style;
    if (event.valueStart < 0) {
      if (event.anchorStart >= 0) throw DECLINE;
      start = end = this.emptyValueAt(cursor, context);
      value = null;
      this.end = entryLineEnd(this.text, end, true);
    } else {
      const raw = getScalarValue(this.text, event);
      if (style === SCALAR_STYLE.PLAIN) {
        start = event.valueStart;
        end = event.valueEnd;
        value = resolvePlain(raw);
        this.end = entryLineEnd(this.text, end, false);
      } else if (style === SCALAR_STYLE.SINGLE_QUOTED || style === SCALAR_STYLE.DOUBLE_QUOTED) {
        start = event.valueStart - 1;
        end = event.valueEnd + 1;
        value = raw;
        this.end = entryLineEnd(this.text, end, false);
      } else {
        start = this.blockHeaderAt(Math.max(cursor, event.anchorEnd));
        end = this.blockEnd(event);
        value = raw;
        this.end = end;
      }
    }
    this.written = end;
    const node = new ScalarNode(this.base + start, this.base + end, undefined, value, style !== SCALAR_STYLE.PLAIN);
    if (event.anchorStart >= 0) {
      this.separated(event.anchorEnd);
      this.anchors.set(this.text.slice(event.anchorStart, event.anchorEnd), node);
    }
    return node;
  }

  private map(event: MappingEvent): MapNode {
    if (event.tagStart >= 0) throw DECLINE;
    const flow = event.style === COLLECTION_STYLE.FLOW;
    if (flow && this.text.charCodeAt(event.start) !== Ch.Brace) throw DECLINE; // a pair inside a flow sequence
    const map = new MapNode(this.base + event.start, 0, undefined);
    this.anchor(event, map);
    // Duplicate written keys (a merged one may be written over): a scan while the map is small (most are), a set past that.
    let keys: Set<string> | undefined;
    let merged = false;
    let last = event.start + 1;
    while (this.events[this.next].type !== EVENT_ID.POP) {
      const keyEvent = this.events[this.next++];
      if (keyEvent.type !== EVENT_ID.SCALAR || keyEvent.valueStart < 0 || keyEvent.tagStart >= 0 || keyEvent.anchorStart >= 0) throw DECLINE;
      const keyStyle = keyEvent.style;
      const plain = keyStyle === SCALAR_STYLE.PLAIN;
      if (!plain && keyStyle !== SCALAR_STYLE.SINGLE_QUOTED && keyStyle !== SCALAR_STYLE.DOUBLE_QUOTED) throw DECLINE;
      const keyStart = plain ? keyEvent.valueStart : keyEvent.valueStart - 1;
      const keyEnd = plain ? keyEvent.valueEnd : keyEvent.valueEnd + 1;
      const raw = getScalarValue(this.text, keyEvent);
      const value = this.node(keyEnd, flow ? Context.Flow : Context.MapValue);
      last = this.written;
      if (plain && raw === '<<') {
        if (!isMergeSource(value)) throw DECLINE;
        mergeInto(map, value, this.merges);
        merged = true;
        continue;
      }
      const key = plain ? String(resolvePlain(raw)) : raw;
      if (keys) {
        if (keys.has(key)) throw DECLINE;
        keys.add(key);
      } else if (map.pairs.length < SMALL_MAP) {
        for (const p of map.pairs) if (p.key === key && !p.merged) throw DECLINE;
      } else {
        keys = new Set(map.pairs.filter((p) => !p.merged).map((p) => p.key));
        if (keys.has(key)) throw DECLINE;
        keys.add(key);
      }
      const pair = new Pair(key, this.base + keyStart, this.base + keyEnd, value);
      if (merged) addWritten(map, pair);
      else map.pairs.push(pair);
    }
    this.next++;
    this.close(map, flow, last, Ch.CloseBrace);
    this.building.delete(map);
    settle(map);
    return map;
  }

  private seq(event: SequenceEvent): SeqNode {
    if (event.tagStart >= 0) throw DECLINE;
    const flow = event.style === COLLECTION_STYLE.FLOW;
    if (this.text.charCodeAt(event.start) !== (flow ? Ch.Bracket : Ch.Dash)) throw DECLINE;
    const seq = new SeqNode(this.base + event.start, 0, undefined);
    this.anchor(event, seq);
    let cursor = event.start;
    let last = event.start + 1;
    while (this.events[this.next].type !== EVENT_ID.POP) {
      seq.items.push(this.node(cursor, flow ? Context.Flow : Context.SeqItem));
      cursor = this.end;
      last = this.written;
    }
    this.next++;
    this.close(seq, flow, last, Ch.CloseBracket);
    this.building.delete(seq);
    settle(seq);
    return seq;
  }

  private anchor(event: MappingEvent | SequenceEvent, node: SNode): void {
    if (event.anchorStart < 0) return;
    this.separated(event.anchorEnd);
    this.anchors.set(this.text.slice(event.anchorStart, event.anchorEnd), node);
    this.building.add(node);
  }

  /** An anchor must be followed by white space (`&a{...}` is an error the tolerant reader reports): else decline. */
  private separated(anchorEnd: number): void {
    const next = this.text.charCodeAt(anchorEnd);
    if (anchorEnd < this.text.length && next !== 0x20 && next !== 0x09 && next !== 0x0a && next !== 0x0d) throw DECLINE;
  }

  /**
   * A block collection ends where its last entry's line ends (this.end is
   * already that); a flow collection at its closing bracket.
   */
  private close(node: MapNode | SeqNode, flow: boolean, last: number, closer: number): void {
    if (!flow) {
      node.end = this.base + this.end;
      this.written = this.end;
      return;
    }
    let at = last;
    for (;;) {
      at = this.skipSpace(at, true);
      const c = this.text.charCodeAt(at);
      if (c === Ch.Comma) at++;
      else break;
    }
    if (this.text.charCodeAt(at) !== closer) throw DECLINE;
    node.end = this.base + at + 1;
    this.written = at + 1;
    this.end = entryLineEnd(this.text, at + 1, false);
  }

  /** Where `yaml` places an empty value: after its indicator and the blanks that follow. */
  private emptyValueAt(cursor: number, context: Context): number {
    let at: number;
    if (context === Context.MapValue) {
      at = this.skipInline(cursor);
      if (this.text.charCodeAt(at) !== Ch.Colon) throw DECLINE;
    } else if (context === Context.SeqItem) {
      at = this.skipSpace(cursor, true);
      if (this.text.charCodeAt(at) !== Ch.Dash) throw DECLINE;
    } else throw DECLINE;
    return this.skipInline(at + 1);
  }

  /**
   * A block scalar's text ends after its last line with content, and with
   * `|+` / `>+` after the blank lines that follow too (they are its value).
   */
  private blockEnd(event: ScalarEvent): number {
    const text = this.text;
    if (event.chomping === CHOMPING_MODE.KEEP) {
      // A last line of only spaces (`|+` then "  " at the end of the text): whether it counts is for the tolerant reader to judge.
      let at = event.valueEnd;
      while (text.charCodeAt(at) === Ch.Space || text.charCodeAt(at) === Ch.Tab) at++;
      if (at > event.valueEnd && (at >= text.length || text.charCodeAt(at) === Ch.Lf || text.charCodeAt(at) === Ch.Cr)) throw DECLINE;
      return event.valueEnd;
    }
    let at = event.valueEnd;
    for (let c = text.charCodeAt(at - 1); at > event.valueStart && (c === Ch.Lf || c === Ch.Cr); c = text.charCodeAt(--at - 1));
    if (at <= event.valueStart) throw DECLINE;
    // Blank lines holding only spaces: how far they count is for the tolerant reader to judge.
    const c = text.charCodeAt(at - 1);
    if (c === Ch.Space || c === Ch.Tab) throw DECLINE;
    if (text.charCodeAt(at) === Ch.Cr && text.charCodeAt(at + 1) === Ch.Lf) return at + 2;
    return text.charCodeAt(at) === Ch.Lf ? at + 1 : at;
  }

  /** A block scalar's range starts at its `|` or `>` header. */
  private blockHeaderAt(cursor: number): number {
    let at = cursor;
    for (;;) {
      at = this.skipSpace(at, true);
      const c = this.text.charCodeAt(at);
      if (c === Ch.Bar || c === Ch.Greater) return at;
      if (c === Ch.Colon || c === Ch.Dash || c === Ch.Question) at++;
      else throw DECLINE;
    }
  }

  private skipInline(from: number): number {
    let at = from;
    for (let c = this.text.charCodeAt(at); c === Ch.Space || c === Ch.Tab; c = this.text.charCodeAt(++at));
    return at;
  }

  /** Past blanks, line breaks and (when allowed) comments. */
  private skipSpace(from: number, comments: boolean): number {
    const text = this.text;
    let at = from;
    for (;;) {
      const c = text.charCodeAt(at);
      if (c === Ch.Space || c === Ch.Tab || c === Ch.Lf || c === Ch.Cr) at++;
      else if (comments && c === Ch.Hash) {
        const lf = text.indexOf('\n', at);
        at = lf < 0 ? text.length : lf + 1;
      } else return at;
    }
  }
}

function isMergeSource(value: SNode): boolean {
  return value.type === 'map' || (value.type === 'seq' && value.items.every((item) => item.type === 'map'));
}

/** YAML 1.2 core schema resolution of a plain scalar, as the `yaml` package does it. */
function resolvePlain(raw: string): ScalarValue {
  const first = raw.charCodeAt(0);
  // Letters other than these start no null, bool, int or float: most values end here.
  if (raw.length > 0 && !MAY_RESOLVE[first]) return raw;
  for (const tag of CORE_TAGS) {
    const value = tag.resolve(raw, false, tag.tagName);
    if (value !== NOT_RESOLVED) return value as ScalarValue;
  }
  return raw;
}

const CORE_TAGS = [nullCoreTag, boolCoreTag, intCoreTag, floatCoreTag];
const MAY_RESOLVE: boolean[] = [];
for (const c of '~nNtTfF0123456789+-.') MAY_RESOLVE[c.charCodeAt(0)] = true;
