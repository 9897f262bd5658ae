/**
 * The ccoctl-equivalent actions as the language server offers them through
 * `workspace/executeCommand`: command ids, arguments and results. Plain data
 * only, so that any client (the VS Code extension, another editor) can import
 * or mirror it without pulling in the planner or the AWS SDK.
 */

export const AWS_PLAN_COMMAND = 'sts-lens.aws.plan';
export const AWS_RUN_COMMAND = 'sts-lens.aws.run';
export const AWS_VERIFY_COMMAND = 'sts-lens.aws.verify';

export const ACTIONS = ['create-key-pair', 'create-identity-provider', 'create-iam-roles', 'create-all', 'delete', 'rotate-signing-key'] as const;
export type ActionName = (typeof ACTIONS)[number];

/** ccoctl's flags, plus ours (`accountId`, `updateTrust`). Paths are absolute. */
export interface ActionInputs {
  name?: string;
  region?: string;
  credentialsRequestsDir?: string;
  identityProviderArn?: string;
  publicKeyFile?: string;
  permissionsBoundaryArn?: string;
  outputDir: string;
  dryRun: boolean;
  enableTechPreview?: boolean;
  createPrivateS3Bucket?: boolean;
  /** Makes dry-run ARNs exact; live runs ask STS. */
  accountId?: string;
  updateTrust?: boolean;
  /** rotate-signing-key (ours, not ccoctl's): `add` publishes a new key beside the current one, `finish` keeps only the new one. */
  phase?: 'add' | 'finish';
}

/** The flags each action requires, as ccoctl marks them. */
export const REQUIRED: Record<ActionName, Array<keyof ActionInputs>> = {
  'create-key-pair': [],
  'create-identity-provider': ['name', 'region'],
  'create-iam-roles': ['name', 'credentialsRequestsDir', 'identityProviderArn'],
  'create-all': ['name', 'region', 'credentialsRequestsDir'],
  delete: ['name', 'region'],
  'rotate-signing-key': ['phase', 'name', 'region'],
};

export interface AwsCommandArgs {
  action: ActionName;
  inputs: ActionInputs;
  /**
   * The client's word that the user trusts the workspace. Anything but `true`
   * and the server writes no file and calls no AWS API (it may still plan a
   * dry run, which does neither).
   */
  trusted: boolean;
  /** `sts-lens.aws.run`: required when the run changes AWS, i.e. the user saw the plan and agreed. */
  confirmed?: boolean;
}

export interface ProblemData {
  severity: 'error' | 'warning' | 'info';
  message: string;
}

export interface AwsPlanResult {
  action: ActionName;
  /** The account a live run acts on (from STS), or the one given for a dry run. */
  account?: string;
  /** generated / existing / public-key-file, when the action uses the signing key. */
  keysOrigin?: string;
  outputDir: string;
  files: Array<{ path: string; fsPath: string; description: string; mode: string; keepExisting: boolean }>;
  /** One line per AWS step, naming the API calls it may make. */
  steps: string[];
  problems: ProblemData[];
  /** Whether `run` with these inputs creates, changes or deletes anything in AWS (and so needs `confirmed`). */
  changesAws: boolean;
  issuerUrl?: string;
}

export interface AwsRunResult {
  action: ActionName;
  files: Array<{ path: string; fsPath: string; status: 'written' | 'unchanged' | 'kept' }>;
  /** Every AWS API call made, in order, as `<service> <operation>` (e.g. `IAM CreateRole`). */
  awsCalls: string[];
  created: string[];
  deleted: string[];
  /** delete goes on past a failed call; each failure, as `<what>: <error>` (what it names is still in AWS). */
  failures: string[];
  /** Existing roles whose live trust policy differs from the planned one. */
  drift: Array<{ roleName: string; live: string; wanted: string; updated: boolean }>;
  thumbprint?: string;
  /** The issuer the run decided (the CloudFront distribution's URL with createPrivateS3Bucket). */
  issuerUrl?: string;
  /** What the executor reported, line by line, for the client's log. */
  log: string[];
  problems: ProblemData[];
  /** What the user does next, line by line (rotate-signing-key: apply the Secret, wait, finish). */
  nextSteps?: string[];
}

/** A refusal or a failure, with a message to show; `problems` when the plan had errors. */
export interface AwsCommandError {
  error: string;
  problems?: ProblemData[];
  cancelled?: boolean;
}

export interface AwsVerifyArgs {
  /** As for the other AWS commands: GetRole is an AWS call, made only in a trusted workspace. */
  trusted: boolean;
  region?: string;
}

export interface AwsVerifyFinding {
  uri: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity: 'error' | 'warning' | 'information' | 'hint';
  /** `trust-policy-drift`, `oidc-provider-missing`, ... with its documentation page (what the server's own diagnostics carry as codeDescription). */
  code: string;
  href: string;
  message: string;
}

/** `sts-lens.aws.verify`: the roles looked up and the findings as `sts-lens aws verify` prints them. */
export interface AwsVerifyResult {
  roles: string[];
  /** Issuers (host[/path]) whose IAM OIDC provider, discovery document and keys were checked. */
  issuers: string[];
  findings: AwsVerifyFinding[];
}
