import {
  CORE_SCHEMA,
  EVENT_ID,
  NOT_RESOLVED,
  YAMLException,
  constructFromEvents,
  defineScalarTag,
  dump,
  mergeTag,
  parseEvents,
  type Event,
} from 'js-yaml';
import { DocumentFormatError } from './metadata-errors';

/** Largest YAML or JSON document the store reads or writes. */
export const MAX_DOCUMENT_BYTES = 1024 * 1024;

export interface YamlLimits {
  /** Refuse sources larger than this many bytes (UTF-8). */
  maxBytes?: number;
  /** Refuse documents with more alias nodes (`*name`) than this. */
  maxAliases?: number;
  /** Refuse documents whose alias-expanded size exceeds this many nodes. */
  maxExpandedNodes?: number;
  /** Refuse documents nested deeper than this. */
  maxDepth?: number;
}

const DEFAULT_LIMITS: Required<YamlLimits> = {
  maxBytes: MAX_DOCUMENT_BYTES,
  maxAliases: 64,
  maxExpandedNodes: 200_000,
  maxDepth: 64,
};

/**
 * Booleans as PyYAML (the original system) reads them: true/false plus
 * yes/no/on/off in lower, Title or UPPER case; unlike js-yaml's YAML 1.1
 * tag, `y` and `n` stay strings.
 */
const PY_BOOLEANS = new Map<string, boolean>([
  ...['true', 'yes', 'on'].flatMap((word) => caseForms(word).map((form): [string, boolean] => [form, true])),
  ...['false', 'no', 'off'].flatMap((word) => caseForms(word).map((form): [string, boolean] => [form, false])),
]);

function caseForms(word: string): string[] {
  return [word, word[0].toUpperCase() + word.slice(1), word.toUpperCase()];
}

const pyBoolTag = defineScalarTag<boolean>('tag:yaml.org,2002:bool', {
  implicit: true,
  implicitFirstChars: ['t', 'T', 'f', 'F', 'y', 'Y', 'n', 'N', 'o', 'O'],
  resolve: (source) => PY_BOOLEANS.get(source) ?? NOT_RESOLVED,
  identify: (data) => typeof data === 'boolean',
  represent: (data) => (data ? 'true' : 'false'),
});

/** YAML 1.2 core schema with PyYAML's booleans and `<<` merge keys. Timestamps stay strings. */
const LOAD_SCHEMA = CORE_SCHEMA.withTags(pyBoolTag, mergeTag);

/**
 * Parses one YAML document with limits that stop "billion laughs" alias
 * bombs before they are expanded. Throws DocumentFormatError with a message
 * that names the problem and its position but never quotes the source.
 */
export function parseYaml(source: string, limits: YamlLimits = {}): unknown {
  const opts = { ...DEFAULT_LIMITS, ...limits };
  const bytes = Buffer.byteLength(source, 'utf8');
  if (bytes > opts.maxBytes) {
    throw new DocumentFormatError(`YAML document is ${bytes} bytes, larger than the ${opts.maxBytes} byte limit`);
  }
  let events: Event[];
  try {
    events = parseEvents(source, { maxDepth: opts.maxDepth });
  } catch (error) {
    throw new DocumentFormatError(describeYamlError(error));
  }
  checkAliasExpansion(events, source, opts);
  try {
    // Built from the events already parsed (and checked): the source is parsed once.
    const documents = constructFromEvents(events, { schema: LOAD_SCHEMA, maxAliases: opts.maxAliases, maxTotalMergeKeys: 1000, source });
    if (documents.length === 0) throw new YAMLException('expected a document, but the input is empty');
    if (documents.length > 1) throw new YAMLException('expected a single document in the stream, but found more');
    return documents[0];
  } catch (error) {
    throw new DocumentFormatError(describeYamlError(error));
  }
}

/** Serializes plain data as block YAML without anchors/aliases. */
export function dumpYaml(value: unknown): string {
  return dump(value, { noRefs: true, lineWidth: -1 });
}

interface Frame {
  anchor: string | null;
  size: number;
}

/**
 * Walks the parser events and computes, for every anchored node, how many
 * nodes it expands to; an alias adds its anchor's full size. Refuses the
 * document as soon as the running total passes the limit, so nothing is
 * ever expanded.
 */
function checkAliasExpansion(events: readonly Event[], source: string, opts: Required<YamlLimits>): void {
  const anchorSizes = new Map<string, number>();
  const stack: Frame[] = [];
  let aliases = 0;
  let total = 0;

  const add = (size: number): void => {
    const parent = stack[stack.length - 1];
    if (parent) {
      parent.size += size;
      if (parent.size > opts.maxExpandedNodes) {
        throw new DocumentFormatError(
          `YAML document expands to more than ${opts.maxExpandedNodes} nodes through aliases; refused`,
        );
      }
    } else {
      total += size;
    }
  };
  const anchorOf = (start: number, end: number): string | null => (start >= 0 ? source.slice(start, end) : null);

  for (const event of events) {
    switch (event.type) {
      case EVENT_ID.DOCUMENT:
        stack.push({ anchor: null, size: 0 });
        break;
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE:
        stack.push({ anchor: anchorOf(event.anchorStart, event.anchorEnd), size: 1 });
        break;
      case EVENT_ID.SCALAR: {
        const anchor = anchorOf(event.anchorStart, event.anchorEnd);
        if (anchor !== null) anchorSizes.set(anchor, 1);
        add(1);
        break;
      }
      case EVENT_ID.ALIAS: {
        aliases += 1;
        if (aliases > opts.maxAliases) {
          throw new DocumentFormatError(`YAML document has more than ${opts.maxAliases} aliases; refused`);
        }
        const anchor = anchorOf(event.anchorStart, event.anchorEnd) ?? '';
        add(anchorSizes.get(anchor) ?? 1);
        break;
      }
      case EVENT_ID.POP: {
        const frame = stack.pop();
        if (frame && frame.anchor !== null) anchorSizes.set(frame.anchor, frame.size);
        if (frame) add(frame.size);
        break;
      }
    }
  }
  if (total > opts.maxExpandedNodes) {
    throw new DocumentFormatError(`YAML source expands to more than ${opts.maxExpandedNodes} nodes; refused`);
  }
}

/** The parser's reason and position, without the source snippet. */
function describeYamlError(error: unknown): string {
  if (error instanceof YAMLException) {
    const mark = error.mark;
    const where = mark ? ` at line ${mark.line + 1}, column ${mark.column + 1}` : '';
    return `invalid YAML: ${error.reason}${where}`;
  }
  if (error instanceof RangeError) {
    return 'invalid YAML: nested too deeply';
  }
  return 'invalid YAML';
}
