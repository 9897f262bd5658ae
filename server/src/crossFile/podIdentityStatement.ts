import { isSeq } from '../model/node';
import { ParsedFile } from '../model/parsedFile';
import { isTemplated } from '../model/templated';
import { eolOf } from '../rules/edits';
import { Fix, FixEdit } from '../rules/rule';
import { PolicyDoc } from '../views/policy';
import { PodIdentityAssociation } from '../views/podIdentity';
import { POD_IDENTITY_PRINCIPAL } from './podIdentityTrust';

/**
 * A statement for EKS Pod Identity appended to a JSON trust policy's
 * Statement list, scoped to the association's namespace and service account
 * when both are literal. Other shapes get no fix.
 */
export function addStatementFix(file: ParsedFile, policy: PolicyDoc, association: StatementScope, roleLabel: string, principal: Principal = { Service: POD_IDENTITY_PRINCIPAL }): Fix[] | undefined {
  const edit = addStatementEdit(file, policy, association, principal);
  const who = principal.Service ?? principal.AWS;
  return edit ? [{ title: `Trust ${who} in the trust policy of ${roleLabel}`, isPreferred: true, edits: { [file.uri]: [edit] } }] : undefined;
}

/** The edit of addStatementFix, for fixes that make more edits. */
export function addStatementEdit(file: ParsedFile, policy: PolicyDoc, association: StatementScope, principal: Principal = { Service: POD_IDENTITY_PRINCIPAL }): FixEdit | undefined {
  const list = policy.statementPair?.value;
  if (file.format !== 'json' || policy.embedded || policy.shape !== 'iam' || !isSeq(list) || list.items.length === 0 || file.text[list.range[0]] !== '[') return undefined;
  const statement = podIdentityStatement(association, principal);
  const last = list.items[list.items.length - 1];
  const lineStart = file.text.lastIndexOf('\n', last.range[0]) + 1;
  const indent = /^[ \t]*/.exec(file.text.slice(lineStart, last.range[0]))?.[0] ?? '';
  const eol = eolOf(file);
  const text = JSON.stringify(statement, null, 2).split('\n').join(eol + indent);
  const onOwnLine = file.text.slice(lineStart, last.range[0]).trim() === '';
  const newText = onOwnLine ? `,${eol}${indent}${text}` : `, ${JSON.stringify(statement)}`;
  return { range: file.rangeOf([last.range[1], last.range[1]]), newText };
}

type StatementScope = Pick<PodIdentityAssociation, 'namespace' | 'serviceAccount' | 'disableSessionTags'>;

/** Who the statement trusts: the Pod Identity service, or (for a target role) the association's role. */
type Principal = { Service: string; AWS?: undefined } | { AWS: string; Service?: undefined };

function podIdentityStatement(association: StatementScope, principal: Principal = { Service: POD_IDENTITY_PRINCIPAL }): Record<string, unknown> {
  const statement: Record<string, unknown> = { Effect: 'Allow', Principal: principal, Action: ['sts:AssumeRole', 'sts:TagSession'] };
  const { namespace, serviceAccount } = association;
  if (!association.disableSessionTags && namespace && serviceAccount && !isTemplated(namespace) && !isTemplated(serviceAccount)) {
    statement.Condition = { StringEquals: { 'aws:RequestTag/kubernetes-namespace': namespace, 'aws:RequestTag/kubernetes-service-account': serviceAccount } };
  }
  return statement;
}

/** Replaces a JSON trust policy's whole Statement list with the Pod Identity statement (same shapes as addStatementEdit). */
export function replaceStatementsEdit(file: ParsedFile, policy: PolicyDoc, association: StatementScope): FixEdit | undefined {
  const pair = policy.statementPair;
  const list = pair?.value;
  if (!pair || file.format !== 'json' || policy.embedded || policy.shape !== 'iam' || !isSeq(list) || file.text[list.range[0]] !== '[') return undefined;
  const lineStart = file.text.lastIndexOf('\n', pair.keyStart - 1) + 1;
  const indent = /^[ \t]*/.exec(file.text.slice(lineStart, pair.keyStart))?.[0] ?? '';
  const eol = eolOf(file);
  const newText = JSON.stringify([podIdentityStatement(association)], null, 2).split('\n').join(eol + indent);
  return { range: file.rangeOf([list.range[0], list.range[1]]), newText };
}
