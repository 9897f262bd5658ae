import * as fs from 'fs';
import * as path from 'path';
import { LruMap } from '../util/lruMap';

/** What a stat says, as far as checks need it. */
export interface StatFact {
  isFile: boolean;
  isDirectory: boolean;
  size: number;
  mtimeMs: number;
}

interface Entry<T> {
  value: T;
  at: number;
}

/** How long an answer read from the disk is taken as still true (files no watcher reports: keys, folders). */
const FRESH_MS = 2000;
/** How many paths' answers are kept: the checks of one file ask about a few dozen. */
const LIMIT = 5000;

/**
 * The disk as the language server's request handlers see it: they never wait
 * on it. A question answered recently is answered again; one that is not is
 * noted (`missed`) and answered `unknown`, and `fill()` reads what was asked
 * without blocking, so the caller computes again (FileSource.deferDisk).
 * Nothing is guessed: an unknown answer never reaches a user.
 */
export class DiskFacts {
  private readonly stats = new LruMap<string, Entry<StatFact | null>>(LIMIT);
  private readonly lists = new LruMap<string, Entry<string[]>>(LIMIT);
  private readonly texts = new LruMap<string, Entry<string | null>>(LIMIT);
  /** What was asked and not known: kind and path. */
  private readonly wanted = new Map<string, { kind: 'stat' | 'list' | 'text'; key: string }>();
  /** Questions not answered from memory since the counter was created: a result computed while it grew is not kept. */
  misses = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** The stat of a path, null when nothing is there, undefined when not known yet. */
  stat(abs: string): StatFact | null | undefined {
    return this.answer(this.stats, abs, 'stat');
  }

  /** Entry names of a directory ([] when it is not one), undefined when not known yet. */
  list(dir: string): string[] | undefined {
    return this.answer(this.lists, dir, 'list');
  }

  /** A file's text (a leading BOM dropped), null when it cannot be read, undefined when not read yet. */
  text(abs: string): string | null | undefined {
    return this.answer(this.texts, abs, 'text');
  }

  /** A file's text is let go once it is parsed: the parse is kept instead (FileSource). */
  dropText(abs: string): void {
    this.texts.delete(abs);
  }

  /** Drops what is known of a path (a watcher saw it change) and of its folder's entries. */
  forget(abs: string): void {
    this.stats.delete(abs);
    this.texts.delete(abs);
    this.lists.delete(abs);
    this.lists.delete(path.dirname(abs));
  }

  /** Reads, without blocking, everything asked for and not known; `maxBytes`: larger files are not read. */
  async fill(maxBytes: number): Promise<void> {
    const wanted = [...this.wanted.values()];
    this.wanted.clear();
    await Promise.all(
      wanted.map(async ({ kind, key }) => {
        const at = this.now();
        if (kind === 'stat') this.stats.set(key, { value: await statOf(key), at });
        else if (kind === 'list') this.lists.set(key, { value: await fs.promises.readdir(key).catch(() => []), at });
        else this.texts.set(key, { value: await textOf(key, maxBytes), at });
      }),
    );
  }

  get pending(): number {
    return this.wanted.size;
  }

  private answer<T>(map: LruMap<string, Entry<T>>, key: string, kind: 'stat' | 'list' | 'text'): T | undefined {
    const entry = map.get(key);
    if (entry && this.now() - entry.at <= FRESH_MS) return entry.value;
    this.misses++;
    this.wanted.set(`${kind}:${key}`, { kind, key });
    return undefined;
  }
}

async function statOf(abs: string): Promise<StatFact | null> {
  try {
    const stat = await fs.promises.stat(abs);
    return { isFile: stat.isFile(), isDirectory: stat.isDirectory(), size: stat.size, mtimeMs: stat.mtimeMs };
  } catch {
    return null;
  }
}

async function textOf(abs: string, maxBytes: number): Promise<string | null> {
  try {
    const stat = await fs.promises.stat(abs);
    if (!stat.isFile() || stat.size > maxBytes) return null;
    const text = await fs.promises.readFile(abs, 'utf8');
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    return null;
  }
}
