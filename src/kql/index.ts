/** Public entry points of the KQL engine. */
export { compileQuery, type CompiledQuery, type RowSink } from './compile/query.js';
export type { CompileOptions, LookbackMode } from './compile/context.js';
export { InputRegistry } from './runtime/inputs.js';
export { KqlError } from './errors.js';
export { runQueryOnRows } from './run.js';
