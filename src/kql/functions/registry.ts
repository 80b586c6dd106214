import { coreFunctions } from './core.js';
import { datetimeFunctions } from './datetime.js';
import type { FunctionDefinition } from './definition.js';
import { dynamicFunctions, packFunctions } from './dynamic.js';
import { stringFunctions } from './strings.js';

const functions = new Map<string, FunctionDefinition>();

/** Adds function definitions; a later definition of a name replaces an earlier one. */
export function registerFunctions(definitions: FunctionDefinition[]): void {
  for (const definition of definitions) functions.set(definition.name, definition);
}

registerFunctions(coreFunctions);
registerFunctions(stringFunctions);
registerFunctions(datetimeFunctions);
registerFunctions(dynamicFunctions);
registerFunctions(packFunctions);

/** Looks a function up by its exact name (KQL function names are case-sensitive). */
export function lookupFunction(name: string): FunctionDefinition | undefined {
  return functions.get(name);
}

export function functionNames(): string[] {
  return [...functions.keys()];
}
