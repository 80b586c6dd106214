/**
 * Bench child: reads one EVTX file through the scan path (native reader, then the Windows event
 * normaliser) and prints the number of records read. Usage: node evtxScanChild.js FILE WORKERS
 */
import { ReadDiagnostics } from '../sources/diagnostics.js';
import { readEvtxEvents } from '../sources/evtx/index.js';
import { normalizeWindowsEvent } from '../schema/normalize/windowsEvent.js';

const [file, workers] = process.argv.slice(2);
if (file !== undefined) {
  const diag = new ReadDiagnostics();
  let rows = 0;
  for await (const events of readEvtxEvents(file, diag, { workers: Number(workers ?? 1) })) {
    for (const event of events) if (typeof normalizeWindowsEvent(event, { file }) !== 'string') rows++;
  }
  process.stdout.write(`${JSON.stringify({ records: diag.eventsRead, rows })}\n`);
}
