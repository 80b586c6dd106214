/**
 * Bench child: reads one EVTX file through the scan path (native reader and the Windows event
 * normaliser, both on the worker threads when there are any) and prints the number of records
 * read and rows kept. Usage: node evtxScanChild.js FILE WORKERS
 */
import { ReadDiagnostics } from '../sources/diagnostics.js';
import { readEvtxRows } from '../sources/evtx/index.js';

const [file, workers] = process.argv.slice(2);
if (file !== undefined) {
  const diag = new ReadDiagnostics();
  let rows = 0;
  for await (const batch of readEvtxRows(file, file, diag, { workers: Number(workers ?? 1) })) rows += batch.length;
  process.stdout.write(`${JSON.stringify({ records: diag.eventsRead, rows })}\n`);
}
