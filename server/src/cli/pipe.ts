/**
 * A writer over stdout or stderr that stops writing, quietly, once the reader
 * has gone away (EPIPE: `sts-lens check | head`, a closed terminal). Other
 * write errors still surface.
 */
export function pipeWriter(stream: NodeJS.WriteStream): { write(text: string): boolean } {
  let closed = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') {
      closed = true;
      return;
    }
    throw error;
  });
  return {
    write(text: string): boolean {
      if (closed) return false;
      return stream.write(text);
    },
  };
}
