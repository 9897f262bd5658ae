import * as v8 from 'v8';
import * as vm from 'vm';

/**
 * The language server asks V8 for a full collection between indexing batches
 * (WorkspaceIndex.build). Node exposes gc() only with --expose-gc; setting the
 * flag at run time and reading gc from a fresh context is the documented way
 * to get it without changing how editors launch the server. Undefined when the
 * runtime refuses.
 */
export type Collector = (options?: { type?: 'major' | 'minor'; execution?: 'sync' | 'async' }) => void;

export function exposeGc(): Collector | undefined {
  try {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as unknown;
    return typeof gc === 'function' ? (gc as Collector) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Bursts of edits in a large file leave garbage that V8 collects late, so the
 * process can grow far past its live size. After a request or an edit, when
 * the heap has grown 48 MB past what it held after indexing, collect once, as
 * a V8 task rather than inside the request. (Twice the post-index size let a
 * 10,000-file workspace reach 270 MB of RSS in a storm of edits.)
 */
export class MemoryGuard {
  private baseline = 0;

  constructor(private readonly gc: Collector | undefined) {}

  /** Call when indexing is done: what the workspace itself needs. */
  settle(): void {
    this.gc?.();
    this.baseline = heapUsed();
  }

  afterRequest(): void {
    if (!this.gc || this.baseline === 0) return;
    const limit = this.baseline + 48 * 1024 * 1024;
    // Asynchronous: V8 runs it as a task of its own, so no request waits on it.
    if (heapUsed() > limit) this.gc({ type: 'major', execution: 'async' });
  }
}

/** The heap in use. Asked after every request: V8's own figure, not process.memoryUsage(), which also reads the process's RSS and walks the heap's spaces. */
function heapUsed(): number {
  return v8.getHeapStatistics().used_heap_size;
}
