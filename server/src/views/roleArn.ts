import { humanPlaceholder, literalPrefix, literalText, splitTemplated, TemplatedPart } from '../model/templated';

const PARTITION = /^aws(-cn|-us-gov|-iso|-iso-b|-iso-e|-iso-f|-eusc)?$/;
const ROLE_NAME = /^[\w+=,.@-]+$/;

/**
 * Why a value is not an IAM role ARN, or undefined when it is one, or may be
 * one once its placeholders are filled in (see model/templated): each part
 * of a templated ARN is judged only when it is literal, so
 * `arn:aws:iam::${ACCOUNT_ID}:role/app` passes and
 * `arn:aws:iam::${ACCOUNT_ID}:roles/app` does not.
 */
export function roleArnProblem(value: string): string | undefined {
  return iamArnProblem(value, ROLE);
}

/**
 * Why a value is not an IAM policy ARN (`arn:<partition>:iam::<account or
 * aws>:policy/[<path>/]<name>`), judged like roleArnProblem.
 */
export function policyArnProblem(value: string): string | undefined {
  return iamArnProblem(value, POLICY);
}

interface ArnKind {
  resource: 'role' | 'policy';
  maxName: number;
  /** AWS managed policies are in the account "aws". */
  awsAccount: boolean;
  /** The whole resource part: `<resource>/[<path>/]<name>`. */
  path: RegExp;
}

const ROLE: ArnKind = { resource: 'role', maxName: 64, awsAccount: false, path: /^role\/([\x21-\x7e]+\/)*[\w+=,.@-]+$/ };
const POLICY: ArnKind = { resource: 'policy', maxName: 128, awsAccount: true, path: /^policy\/([\x21-\x7e]+\/)*[\w+=,.@-]+$/ };

function iamArnProblem(value: string, kind: ArnKind): string | undefined {
  const v = value.trim();
  if (v !== value) return 'it has leading or trailing spaces';
  const human = humanPlaceholder(v);
  if (human) return `the placeholder "${human}" was left in (nothing fills it in)`;
  const parts = splitTemplated(v, ':');
  const templated = parts.some((p) => p.templated);
  const prefix = literalPrefix(v);
  if (!prefix.startsWith('arn:') && !(templated && 'arn:'.startsWith(prefix))) return 'it does not start with "arn:"';
  // With fewer parts, a placeholder may stand for several of them.
  if (parts.length < 6) return templated ? undefined : 'it has fewer than six ":"-separated parts';
  const [, partition, service, region, account] = parts;
  const resource = resourceOf(v, parts);
  if (!partition.templated && !PARTITION.test(partition.text)) return `"${partition.text}" is not an AWS partition (aws, aws-cn, aws-us-gov)`;
  if (!service.templated) {
    if (service.text === 'sts' && literalPrefix(resource.text).startsWith('assumed-role/')) return 'it is an STS assumed-role session ARN; use the role ARN arn:<partition>:iam::<account>:role/<name>';
    if (service.text !== 'iam') return `the service is "${service.text}", not "iam"`;
  }
  if (!region.templated && region.text !== '') return `IAM ARNs have no region, but this one has "${region.text}"`;
  if (kind.awsAccount && account.text === 'aws') return resourceProblem(resource, kind);
  if (account.templated ? /\D/.test(literalText(account.text)) : !/^\d{12}$/.test(account.text)) return `the account "${account.text}" is not 12 digits`;
  return resourceProblem(resource, kind);
}

function resourceOf(value: string, parts: TemplatedPart[]): { text: string; templated: boolean } {
  return { text: value.slice(parts[5].start), templated: parts.slice(5).some((p) => p.templated) };
}

function resourceProblem(resource: { text: string; templated: boolean }, arnKind: ArnKind): string | undefined {
  const pieces = splitTemplated(resource.text, '/');
  const kind = pieces[0];
  const what = arnKind.resource;
  if (kind.templated || (pieces.length === 1 && resource.templated)) return undefined;
  if (kind.text !== what || pieces.length === 1) return `"${kind.text}" is not "${what}" (this is not a ${what} ARN)`;
  const name = pieces[pieces.length - 1];
  if (name.templated) {
    const known = literalText(name.text);
    if (/[^\x21-\x7e]/.test(known)) return `the ${what} name "${name.text}" has characters IAM does not allow`;
    if (known.length > arnKind.maxName) return `the ${what} name is at least ${known.length} characters (IAM allows ${arnKind.maxName})`;
    return undefined;
  }
  if (name.text === '') return `the ${what} name is empty`;
  if (!ROLE_NAME.test(name.text)) return `the ${what} name "${name.text}" has characters IAM does not allow`;
  if (name.text.length > arnKind.maxName) return `the ${what} name is ${name.text.length} characters (IAM allows ${arnKind.maxName})`;
  if (!resource.templated && !arnKind.path.test(resource.text)) return `the ${what} path is malformed`;
  return undefined;
}

/**
 * The role name of a role ARN whose name is literal, placeholders elsewhere
 * allowed (`arn:aws:iam::%{aws_account_id}:role/installer` -> installer):
 * enough to link it to the role's trust policy. Undefined when the name
 * itself is unknown or the value is not a role ARN.
 */
export function literalRoleName(value: string): string | undefined {
  const v = value.trim();
  if (roleArnProblem(v) !== undefined) return undefined;
  const parts = splitTemplated(v, ':');
  if (parts.length < 6 || parts[0].templated || parts[2].templated) return undefined;
  const pieces = splitTemplated(resourceOf(v, parts).text, '/');
  const name = pieces[pieces.length - 1];
  if (pieces.length < 2 || pieces[0].templated || pieces[0].text !== 'role' || name.templated) return undefined;
  return ROLE_NAME.test(name.text) && name.text.length <= 64 ? name.text : undefined;
}
