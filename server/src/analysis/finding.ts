import { Range } from 'vscode-languageserver-types';
import { Fix, RelatedInfo } from '../rules/rule';
import { Severity } from '../settings';

/** A diagnostic as both the server and the CLI report it. */
export interface Finding {
  code: string;
  severity: Severity;
  message: string;
  range: Range;
  fixes: Fix[];
  related: RelatedInfo[];
}
