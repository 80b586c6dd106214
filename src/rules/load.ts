import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { readRuleMetadata } from './metadata.js';
import type { Rule } from './rule.js';
import { RuleError } from './ruleError.js';

const metadataExtensions = ['.yaml', '.yml'];

/**
 * Loads rules from files and folders. A folder contributes every rule metadata file (.yaml,
 * .yml) in it, recursively, plus every .kql file without one. A .kql file takes its metadata
 * from a .yaml of the same name beside it. Without one, its id and title are its file name, and
 * severity and confidence are "medium". Throws RuleError on the first bad file.
 */
export function loadRules(paths: string[]): Rule[] {
  const rules: Rule[] = [];
  const seen = new Map<string, string>();
  // The same file named twice (--rule r --rule r, or a file and its folder) is one rule.
  const files = new Set<string>();
  for (const path of paths) {
    for (const file of ruleFiles(path)) {
      if (files.has(resolve(file))) continue;
      files.add(resolve(file));
      const rule = loadRuleFile(file);
      const previous = seen.get(rule.id);
      if (previous) throw new RuleError(file, `duplicate rule id '${rule.id}', already used by ${previous}: give each rule its own id`);
      seen.set(rule.id, file);
      rules.push(rule);
    }
  }
  return rules;
}

function ruleFiles(path: string): string[] {
  if (!existsSync(path)) throw new RuleError(path, 'rule file or folder not found');
  if (!statSync(path).isDirectory()) return [path];
  const files: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (metadataExtensions.includes(extname(entry.name))) files.push(full);
      else if (extname(entry.name) === '.kql' && !metadataExtensions.some((ext) => existsSync(full.slice(0, -4) + ext))) files.push(full);
    }
  };
  walk(path);
  return files;
}

/** Loads one rule from a metadata file or a .kql file. */
export function loadRuleFile(file: string): Rule {
  if (extname(file) === '.kql') {
    const sibling = metadataExtensions.map((ext) => file.slice(0, -4) + ext).find((candidate) => existsSync(candidate));
    if (sibling) return loadRuleFile(sibling);
    const name = basename(file, '.kql');
    return {
      id: name,
      title: name,
      description: '',
      severity: 'medium',
      confidence: 'medium',
      attack: { technique: '', categories: {} },
      tables: [],
      dataSources: [],
      falsePositives: [],
      references: [],
      investigationGuide: [],
      responsePlaybook: [],
      nrt: false,
      query: readFileSync(file, 'utf8'),
      queryPath: file,
      extra: {},
    };
  }
  if (!metadataExtensions.includes(extname(file))) {
    throw new RuleError(file, 'not a rule file: give a .kql query or its .yaml metadata');
  }
  const metadata = readRuleMetadata(file);
  const queryPath = metadata.queryFile ? resolve(dirname(file), metadata.queryFile) : file.replace(/\.ya?ml$/, '.kql');
  if (!existsSync(queryPath)) {
    throw new RuleError(file, `query file not found: ${queryPath}; set 'query:' to the .kql file beside the metadata`);
  }
  const { queryFile: _ignored, ...rest } = metadata;
  return { ...rest, query: readFileSync(queryPath, 'utf8'), queryPath };
}
