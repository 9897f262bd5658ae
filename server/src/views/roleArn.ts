/** Why a value is not an IAM role ARN, or undefined when it is one. */
export function roleArnProblem(value: string): string | undefined {
  const v = value.trim();
  if (v !== value) return 'it has leading or trailing spaces';
  if (!v.startsWith('arn:')) return 'it does not start with "arn:"';
  const parts = v.split(':');
  if (parts.length < 6) return 'it has fewer than six ":"-separated parts';
  const [, partition, service, region, account] = parts;
  const resource = parts.slice(5).join(':');
  if (!/^aws(-cn|-us-gov|-iso|-iso-b|-iso-e|-iso-f|-eusc)?$/.test(partition)) return `"${partition}" is not an AWS partition (aws, aws-cn, aws-us-gov)`;
  if (service === 'sts' && resource.startsWith('assumed-role/')) return 'it is an STS assumed-role session ARN; use the role ARN arn:<partition>:iam::<account>:role/<name>';
  if (service !== 'iam') return `the service is "${service}", not "iam"`;
  if (region !== '') return `IAM ARNs have no region, but this one has "${region}"`;
  if (!/^\d{12}$/.test(account)) return `the account "${account}" is not 12 digits`;
  if (!resource.startsWith('role/')) return `"${resource.split('/')[0]}" is not "role" (this is not a role ARN)`;
  const name = resource.split('/').pop() ?? '';
  if (name === '') return 'the role name is empty';
  if (!/^[\w+=,.@-]+$/.test(name)) return `the role name "${name}" has characters IAM does not allow`;
  if (name.length > 64) return `the role name is ${name.length} characters (IAM allows 64)`;
  if (!/^role\/([\x21-\x7e]+\/)*[\w+=,.@-]+$/.test(resource)) return 'the role path is malformed';
  return undefined;
}
