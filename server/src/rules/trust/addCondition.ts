import { subjectsBeside } from '../../crossFile/roleBindings';
import { TextEdit } from 'vscode-languageserver-types';
import { isMap } from '../../model/node';
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

/** The service accounts defined or used beside the policy file, as `sub` values. */
export function serviceAccountsBeside(ctx: DocContext): string[] {
  return ctx.file.fsPath ? subjectsBeside(ctx.workspace, ctx.file.fsPath) : [];
}

export const SUB_PLACEHOLDER = 'system:serviceaccount:<namespace>:<serviceaccount>';
