import { compileQuery, type CompiledQuery, type LookbackMode } from '../kql/index.js';
import type { Rule } from '../rules/rule.js';
import { tableSchemas } from '../schema/tables.js';

/** A rule with its query compiled once for a run. */
export interface CompiledRule {
  rule: Rule;
  query: CompiledQuery;
  /** The clock the query was compiled with, for threads that compile it again. */
  clock: RuleClock;
}

export interface RuleClock {
  /** The clock for now() and ago(), in milliseconds since epoch. */
  now: number;
  lookback: LookbackMode;
}

/** Compiles every rule's query; a KqlError names the rule's .kql file, line and column. */
export function compileRules(rules: Rule[], clock: RuleClock): CompiledRule[] {
  return rules.map((rule) => ({
    rule,
    clock,
    query: compileQuery(rule.query, { tables: tableSchemas, now: clock.now, lookback: clock.lookback, sourceName: rule.queryPath }),
  }));
}
