import * as path from 'path';
import { TextEdit } from 'vscode-languageserver-types';
import { get, getStr, isMap } from '../../model/node';
import { podSpecPath } from '../../model/kinds';
import { insertPair } from '../iam/policyEdits';
import { DocContext } from '../rule';
import { TrustStatement } from './webIdentity';

/** Adds `key: values` under StringEquals, creating the Condition and StringEquals blocks as needed. */
export function addStringEquals(ctx: DocContext, t: TrustStatement, key: string, values: string[]): TextEdit {
  const value = values.length === 1 ? values[0] : values;
  const { statement, policy } = t;
  const condition = statement.conditionPair?.value;
  if (isMap(condition)) {
    const block = condition.pairs.find((p) => p.key === 'StringEquals')?.value;
    if (isMap(block)) return insertPair(ctx, policy, block, key, value);
    return insertPair(ctx, policy, condition, 'StringEquals', { [key]: value });
  }
  return insertPair(ctx, policy, statement.node, 'Condition', { StringEquals: { [key]: value } });
}

/**
 * `system:serviceaccount:<ns>:<sa>` for the service accounts defined or used
 * beside the policy file (ServiceAccounts, and workloads' serviceAccountName).
 */
export function serviceAccountsBeside(ctx: DocContext): string[] {
  const dir = ctx.file.fsPath ? path.dirname(ctx.file.fsPath) : undefined;
  if (!dir) return [];
  const found = new Set<string>();
  for (const name of ctx.workspace.list(dir).sort()) {
    if (!/\.ya?ml$|\.json$/i.test(name)) continue;
    const file = ctx.workspace.file(path.join(dir, name));
    for (const doc of file?.docs ?? []) {
      const namespace = getStr(doc.root, 'metadata', 'namespace') ?? 'default';
      if (doc.kind === 'service-account') {
        const sa = getStr(doc.root, 'metadata', 'name');
        if (sa) found.add(`system:serviceaccount:${namespace}:${sa}`);
      } else if (doc.kind === 'workload') {
        const spec = get(doc.root, ...(podSpecPath(doc.root) ?? []));
        const sa = getStr(spec, 'serviceAccountName') ?? getStr(spec, 'serviceAccount');
        if (sa) found.add(`system:serviceaccount:${namespace}:${sa}`);
      }
    }
  }
  return [...found];
}

export const SUB_PLACEHOLDER = 'system:serviceaccount:<namespace>:<serviceaccount>';
