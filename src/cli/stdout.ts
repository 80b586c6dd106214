/** Set once the reader of stdout (e.g. `head` or `less`) has closed the pipe. */
let closed = false;
let watching = false;

/**
 * Notes EPIPE on stdout instead of letting the stream's error event end the process with a stack
 * trace: a reader that closes early is not an error of ours. Other write errors still throw.
 */
export function watchStdout(): void {
  if (watching) return;
  watching = true;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') closed = true;
    else throw error;
  });
}

/** True once the reader of stdout has gone, so a command can stop reading its input. */
export function isStdoutClosed(): boolean {
  return closed;
}

/** Writes to stdout and waits until the text is flushed, so piping into `head` or a file loses nothing. */
export function writeStdout(text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (text === '' || closed) return resolve();
    process.stdout.write(text, (error) => {
      if (error && (error as NodeJS.ErrnoException).code === 'EPIPE') closed = true;
      if (error && !closed) reject(error);
      else resolve();
    });
  });
}
