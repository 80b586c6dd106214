import { createRequire } from 'node:module';
import { join } from 'node:path';
import { packageRoot } from '../../cli/paths.js';

/** The `Kusto.Language` namespace of Microsoft's KQL parser, untyped because it is a Bridge.NET build. */
export type KustoLanguage = Record<string, any>;

/**
 * Loads Microsoft's KQL parser and analyzer (@kusto/language-service-next, a dev dependency) for
 * tests that compare lurewatch with it. Returns undefined when the package is not installed.
 */
export function loadKustoLanguage(): KustoLanguage | undefined {
  const require = createRequire(join(packageRoot, 'package.json'));
  try {
    // bridge.js installs the Bridge.NET runtime, then the library defines the global `Kusto`.
    require('@kusto/language-service-next/bridge.js');
    require('@kusto/language-service-next/Kusto.Language.Bridge.js');
  } catch {
    return undefined;
  }
  return (globalThis as unknown as { Kusto: { Language: KustoLanguage } }).Kusto.Language;
}

/** Message for t.skip when the package is missing. */
export const microsoftParserMissing = '@kusto/language-service-next is not installed (npm install --include=dev)';
