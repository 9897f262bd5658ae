import { ParsedFile } from '../model/parsedFile';

/**
 * What a rule may read beyond its own file: other files of the workspace,
 * parsed, with open editor buffers taking precedence over disk.
 */
export interface WorkspaceFiles {
  /** The parsed file at an absolute path, or undefined if it does not exist or is not YAML/JSON. */
  file(fsPath: string): ParsedFile | undefined;
  exists(fsPath: string): boolean;
  /** Entry names of a directory (empty when it does not exist). */
  list(dirPath: string): string[];
}
