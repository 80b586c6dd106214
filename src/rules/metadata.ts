import { readFileSync } from 'node:fs';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { confidences, severities, type CategoryMapping, type Rule } from './rule.js';
import { RuleError } from './ruleError.js';

/** Rule metadata without the query text, as read from a YAML file. */
export type RuleMetadata = Omit<Rule, 'query' | 'queryPath'> & { queryFile?: string };

const knownKeys = new Set([
  'id', 'title', 'query', 'description', 'severity', 'confidence', 'attack', 'tables', 'data_sources', 'false_positives', 'references',
  'investigation_guide', 'response_playbook', 'nrt',
]);

/**
 * Reads and validates a rule metadata file. Every problem is a RuleError naming the file, the
 * line and column of the offending value, and what the value must be.
 */
export function readRuleMetadata(path: string): RuleMetadata {
  const text = readFileSync(path, 'utf8');
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  if (document.errors.length > 0) {
    const error = document.errors[0]!;
    const position = lineCounter.linePos(error.pos[0]);
    throw new RuleError(path, `invalid YAML: ${error.message.split('\n')[0]}`, position.line, position.col);
  }
  const fail = (node: Node | null | undefined, message: string): never => {
    const position = node?.range ? lineCounter.linePos(node.range[0]) : undefined;
    throw new RuleError(path, message, position?.line, position?.col);
  };
  if (!isMap(document.contents)) fail(document.contents, 'a rule metadata file must be a YAML mapping of keys such as id, title, severity');

  const node = (key: string) => document.get(key, true) as Node | undefined;
  const requiredString = (key: string): string => {
    const value = document.get(key);
    if (typeof value !== 'string' || value.trim() === '') fail(node(key) ?? document.contents, `missing or empty '${key}': give a non-empty string`);
    return (value as string).trim();
  };
  const optionalString = (key: string): string | undefined => {
    const value = document.get(key);
    if (value === undefined) return undefined;
    if (typeof value !== 'string') fail(node(key), `'${key}' must be a string`);
    return value as string;
  };
  const stringList = (key: string): string[] => {
    const value = node(key);
    if (value === undefined) return [];
    if (!isSeq(value)) return fail(value, `'${key}' must be a list of strings`);
    return value.items.map((item) => {
      if (!isScalar(item) || typeof item.value !== 'string') fail(item as Node, `every item of '${key}' must be a string`);
      return (item as { value: string }).value;
    });
  };
  const optionalBool = (key: string): boolean => {
    const value = document.get(key);
    if (value === undefined) return false;
    if (typeof value !== 'boolean') fail(node(key), `'${key}' must be true or false`);
    return value as boolean;
  };
  const oneOf = <T extends string>(key: string, allowed: readonly T[]): T => {
    const value = requiredString(key).toLowerCase();
    if (!allowed.includes(value as T)) fail(node(key), `invalid ${key} '${value}': use one of ${allowed.join(', ')}`);
    return value as T;
  };

  const extra: Record<string, unknown> = {};
  for (const pair of (document.contents as { items: Array<{ key: unknown; value: unknown }> }).items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    if (!knownKeys.has(key)) extra[key] = (pair.value as { toJSON?: () => unknown })?.toJSON?.() ?? pair.value;
  }

  // `baseline: suppress` lets a baseline suppress the rule's routine alerts; `tag` (the default) only labels them.
  const baseline = document.get('baseline');
  if (baseline !== undefined && baseline !== 'suppress' && baseline !== 'tag') {
    fail(node('baseline'), `invalid baseline '${String(baseline)}': use 'suppress' (routine launches are suppressed) or 'tag' (they are only labelled)`);
  }

  return {
    id: readId(requiredString('id'), node('id'), fail),
    title: requiredString('title'),
    queryFile: optionalString('query'),
    description: optionalString('description')?.trim() ?? '',
    severity: oneOf('severity', severities),
    confidence: oneOf('confidence', confidences),
    attack: readAttack(document, fail),
    tables: stringList('tables'),
    dataSources: stringList('data_sources'),
    falsePositives: stringList('false_positives'),
    references: stringList('references'),
    investigationGuide: stringList('investigation_guide'),
    responsePlaybook: stringList('response_playbook'),
    nrt: optionalBool('nrt'),
    metadataPath: path,
    extra,
  };
}

function readId(id: string, node: Node | undefined, fail: (node: Node | undefined, message: string) => never): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(id)) fail(node, `invalid id '${id}': use letters, digits, '.', '_' and '-'`);
  return id;
}

const techniquePattern = /^T\d{4}(\.\d{3})?$/;

function readAttack(document: Document, fail: (node: Node | undefined, message: string) => never): RuleMetadata['attack'] {
  const attack = document.get('attack', true) as Node | undefined;
  if (!isMap(attack)) return fail(attack ?? (document.contents as Node), "missing 'attack': give at least 'attack: { technique: T1204 }'");
  const technique = attack.get('technique', true) as Node | undefined;
  const techniqueValue = isScalar(technique) ? String(technique.value) : '';
  if (!techniquePattern.test(techniqueValue)) fail(technique ?? attack, `invalid ATT&CK technique '${techniqueValue}': write it like T1204`);
  const subtechnique = attack.get('subtechnique', true) as Node | undefined;
  const subtechniqueValue = isScalar(subtechnique) ? String(subtechnique.value) : undefined;
  if (subtechniqueValue !== undefined && !techniquePattern.test(subtechniqueValue)) fail(subtechnique, `invalid sub-technique '${subtechniqueValue}': write it like T1204.002`);

  const categories: Record<string, CategoryMapping> = {};
  const categoryNode = attack.get('categories', true) as Node | undefined;
  if (categoryNode !== undefined) {
    if (!isMap(categoryNode)) fail(categoryNode, "'attack.categories' must map each DetectionCategory value to its sub-technique");
    for (const pair of (categoryNode as { items: Array<{ key: unknown; value: unknown }> }).items) {
      const name = isScalar(pair.key) ? String(pair.key.value) : '';
      const value = pair.value as Node;
      const mapping = (value as { toJSON(): unknown }).toJSON() as CategoryMapping;
      if (typeof mapping !== 'object' || mapping === null) fail(value, `category '${name}' needs a mapping such as 'subtechnique: T1204.002'`);
      if (mapping.subtechnique !== undefined && !techniquePattern.test(String(mapping.subtechnique))) {
        fail(value, `invalid sub-technique '${String(mapping.subtechnique)}' for category '${name}': write it like T1204.002`);
      }
      categories[name] = mapping;
    }
  }
  return { technique: techniqueValue, subtechnique: subtechniqueValue, categories };
}
