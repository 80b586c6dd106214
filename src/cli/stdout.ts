/** Writes to stdout and waits until the text is flushed, so piping into `head` or a file loses nothing. */
export function writeStdout(text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (text === '') return resolve();
    process.stdout.write(text, (error) => {
      // EPIPE means the reader (e.g. `head`) closed early, which is not an error of ours.
      if (error && (error as NodeJS.ErrnoException).code !== 'EPIPE') reject(error);
      else resolve();
    });
  });
}
