/**
 * The flags of each `sts-lens aws` subcommand that plans and runs (as ccoctl's
 * cobra commands declare them, plus a few of ours), and the `--help` text made
 * from them. A subcommand accepts only its own flags.
 */

export interface FlagSpec {
  type: 'string' | 'boolean';
  /** The value's placeholder in the usage, for string flags. */
  value?: string;
  help: string;
  default?: string;
}

export const FLAGS = {
  name: { type: 'string', value: '<name>', help: 'prefix of every AWS resource (the issuer bucket is <name>-oidc)' },
  region: { type: 'string', value: '<region>', help: 'AWS region of the issuer bucket' },
  'credentials-requests-dir': { type: 'string', value: '<dir>', help: 'CredentialsRequests (oc adm release extract --credentials-requests --cloud=aws)' },
  'identity-provider-arn': { type: 'string', value: '<arn>', help: 'the IAM OIDC identity provider the roles trust' },
  'public-key-file': { type: 'string', value: '<file>', help: 'publish this public key instead of the key pair in --output-dir' },
  'output-dir': { type: 'string', value: '<dir>', help: 'where files go', default: 'current directory' },
  'permissions-boundary-arn': { type: 'string', value: '<arn>', help: 'permissions boundary for the roles' },
  'enable-tech-preview': { type: 'boolean', help: 'include tech-preview CredentialsRequests' },
  'create-private-s3-bucket': {
    type: 'boolean',
    help: 'keep the bucket private and serve the issuer through a CloudFront distribution (https://<id>.cloudfront.net); a live run waits until it is deployed',
  },
  'dry-run': { type: 'boolean', help: 'write the files and list the AWS calls; change nothing in AWS' },
  'account-id': { type: 'string', value: '<12 digits>', help: 'make dry-run ARNs exact (live runs ask STS)' },
  'update-trust-policy': { type: 'boolean', help: 'replace the trust policy of an existing role that differs' },
  phase: { type: 'string', value: 'add|finish', help: 'add: publish the current and a new key; finish: publish only the new key and make it the signing key' },
  help: { type: 'boolean', help: 'show this help' },
} as const satisfies Record<string, FlagSpec>;

export type FlagName = keyof typeof FLAGS;

export interface SubcommandSpec {
  summary: string;
  /** The flags, required first; `help` overrides the flag's general help for this subcommand. */
  flags: Array<{ flag: FlagName; required?: boolean; help?: string }>;
  example: string;
}

/**
 * Per subcommand: ccoctl's flags (NewCreateKeyPairCmd, NewCreateIdentityProviderCmd,
 * NewCreateIAMRolesCmd, NewCreateAllCmd, NewDeleteCmd mark the same ones
 * required), then ours: --account-id, --update-trust-policy, and --dry-run on delete;
 * rotate-signing-key is ours alone.
 */
export const SUBCOMMANDS: Record<string, SubcommandSpec> = {
  'create-key-pair': {
    summary: 'Writes an RSA 4096 service-account signing key pair (serviceaccount-signer.private/.public) and the\ninstaller\'s copy of the private key; an existing key is kept.',
    flags: [{ flag: 'output-dir' }],
    example: 'sts-lens aws create-key-pair --output-dir _output',
  },
  'create-identity-provider': {
    summary: 'Creates the OIDC issuer (an S3 bucket with the discovery document and keys.json) and the IAM OIDC\nidentity provider that trusts it, and writes the Authentication manifest.',
    flags: [
      { flag: 'name', required: true },
      { flag: 'region', required: true },
      { flag: 'public-key-file' },
      { flag: 'output-dir' },
      { flag: 'create-private-s3-bucket' },
      { flag: 'dry-run' },
      { flag: 'account-id' },
    ],
    example: 'sts-lens aws create-identity-provider --name demo --region us-east-2 --output-dir _output --dry-run',
  },
  'create-iam-roles': {
    summary: 'Creates one IAM role per CredentialsRequest, trusting the identity provider, and writes its Secret manifest.',
    flags: [
      { flag: 'name', required: true },
      { flag: 'credentials-requests-dir', required: true },
      { flag: 'identity-provider-arn', required: true },
      { flag: 'permissions-boundary-arn' },
      { flag: 'region', help: "AWS region for the SDK (default: the SDK's, else us-east-1 in the aws partition)" },
      { flag: 'output-dir' },
      { flag: 'enable-tech-preview' },
      { flag: 'dry-run' },
      { flag: 'update-trust-policy' },
    ],
    example: 'sts-lens aws create-iam-roles --name demo --credentials-requests-dir credrequests \\\n    --identity-provider-arn arn:aws:iam::123456789012:oidc-provider/demo-oidc.s3.us-east-2.amazonaws.com --dry-run',
  },
  'create-all': {
    summary: 'create-key-pair, create-identity-provider and create-iam-roles in one run.',
    flags: [
      { flag: 'name', required: true },
      { flag: 'region', required: true },
      { flag: 'credentials-requests-dir', required: true },
      { flag: 'public-key-file' },
      { flag: 'output-dir' },
      { flag: 'permissions-boundary-arn' },
      { flag: 'enable-tech-preview' },
      { flag: 'create-private-s3-bucket' },
      { flag: 'dry-run' },
      { flag: 'account-id' },
      { flag: 'update-trust-policy' },
    ],
    example: 'sts-lens aws create-all --name demo --region us-east-2 --credentials-requests-dir credrequests \\\n    --output-dir _output --dry-run',
  },
  delete: {
    summary: 'Deletes what create-all made: only the resources tagged openshift.io/cloud-credential-operator/<name>=owned.',
    flags: [
      { flag: 'name', required: true },
      { flag: 'region', required: true, help: 'AWS region where the resources were created' },
      { flag: 'dry-run', help: 'list what would be deleted; delete nothing' },
    ],
    example: 'sts-lens aws delete --name demo --region us-east-2 --dry-run',
  },
  'rotate-signing-key': {
    summary:
      'Rotates the bound service account signing key in two phases. add: a new key pair next to the current\n' +
      'one (which is never replaced), and keys.json with both keys. Then give the cluster the new key. finish:\n' +
      'keys.json with only the new key, which becomes serviceaccount-signer.private (the old one is kept as a\n' +
      'backup). A live run uploads keys.json to the issuer bucket <name>-oidc.',
    flags: [
      { flag: 'phase', required: true },
      { flag: 'name', required: true },
      { flag: 'region', required: true },
      { flag: 'output-dir', help: 'the folder holding serviceaccount-signer.private (create-key-pair\'s --output-dir)' },
      { flag: 'dry-run', help: 'write the files and list the upload; change nothing in AWS' },
    ],
    example: 'sts-lens aws rotate-signing-key --phase add --name demo --region us-east-2 --output-dir _output --dry-run',
  },
};

/** The parseArgs options of a subcommand: its own flags and --help. */
export function optionsOf(subcommand: string): Record<string, { type: 'string' | 'boolean'; short?: string }> {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = { help: { type: 'boolean', short: 'h' } };
  for (const { flag } of SUBCOMMANDS[subcommand].flags) options[flag] = { type: FLAGS[flag].type };
  return options;
}

/** Every flag any subcommand takes: what finds the subcommand in a command line whose flags come first. */
export function allOptions(): Record<string, { type: 'string' | 'boolean'; short?: string }> {
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {};
  for (const [flag, spec] of Object.entries(FLAGS)) options[flag] = { type: spec.type, ...(flag === 'help' ? { short: 'h' } : {}) };
  return options;
}

/** `sts-lens aws <sub> --help`: the usage line with the required flags, the summary, every flag, an example. */
export function subcommandUsage(subcommand: string): string {
  const spec = SUBCOMMANDS[subcommand];
  const synopsis = (flag: FlagName) => (FLAGS[flag].type === 'string' ? `--${flag} ${(FLAGS[flag] as FlagSpec).value}` : `--${flag}`);
  const required = spec.flags.filter((f) => f.required).map((f) => synopsis(f.flag));
  const rows = [...spec.flags.map((f) => ({ left: synopsis(f.flag), text: describe(f) })), { left: '-h, --help', text: FLAGS.help.help }];
  const width = Math.max(...rows.map((r) => r.left.length)) + 2;
  const lines = rows.map((r) => `  ${r.left.padEnd(width)}${r.text}`);
  return `Usage: sts-lens aws ${subcommand} ${[...required, '[options]'].join(' ')}\n\n${spec.summary}\n\nFlags:\n${lines.join('\n')}\n\nExample:\n  ${spec.example}\n`;
}

function describe(f: SubcommandSpec['flags'][number]): string {
  const spec: FlagSpec = FLAGS[f.flag];
  const notes = [f.required ? 'required' : undefined, spec.default ? `default: ${spec.default}` : undefined].filter(Boolean);
  return `${f.help ?? spec.help}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`;
}
