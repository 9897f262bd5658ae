import { defaultClients, destroyClients } from '../ccoctl/awsClients';
import { verifyRoles } from '../ccoctl/verify';
import { AWS_VERIFY_COMMAND, AwsCommandError } from '../awsProtocol';
import { normalizeSettings } from '../settings';
import { WorkspaceIndex } from '../workspace/workspaceIndex';
import { AwsCommandEnv } from './awsCommands';

export interface AwsVerifyArgs {
  /** As for the other AWS commands: GetRole is an AWS call, made only in a trusted workspace. */
  trusted: boolean;
  region?: string;
}

export interface AwsVerifyResult {
  roles: string[];
  /** Diagnostics as `sts-lens aws verify` prints them (code trust-policy-drift), with the file's URI. */
  findings: Array<{ uri: string; range: { start: { line: number; character: number }; end: { line: number; character: number } }; severity: string; code: string; message: string }>;
}

/** `sts-lens.aws.verify`: the CLI's verify over the server's own workspace index. */
export async function awsVerify(args: unknown[] | undefined, index: WorkspaceIndex, env: AwsCommandEnv): Promise<AwsVerifyResult | AwsCommandError> {
  const given = (args?.[0] ?? {}) as Partial<AwsVerifyArgs>;
  if (given.trusted !== true) return { error: 'The workspace is not trusted: STS Lens calls no AWS API there. Trust the workspace first.' };
  const clients = (env.clients ?? defaultClients)(typeof given.region === 'string' ? given.region : 'us-east-1');
  try {
    const report = await verifyRoles(index, normalizeSettings({}), clients.iam, env.signal);
    return {
      roles: report.roles,
      findings: report.findings.map(({ file, finding }) => ({ uri: file.uri, range: finding.range, severity: finding.severity, code: finding.code, message: finding.message })),
    };
  } catch (error) {
    if (env.signal?.aborted || (error as Error).name === 'AbortError') throw error;
    return { error: `${AWS_VERIFY_COMMAND}: ${(error as Error).message}` };
  } finally {
    destroyClients(clients);
  }
}
