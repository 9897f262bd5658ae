import { chooseRegion } from '../ccoctl/actions';
import { pathToFileURL } from 'url';
import { defaultClients, destroyClients } from '../ccoctl/awsClients';
import { verifyRoles } from '../ccoctl/verify';
import { AWS_VERIFY_COMMAND, AwsCommandError, AwsVerifyArgs, AwsVerifyResult } from '../awsProtocol';
import { ruleDocsUrl } from '../rules/rule';
import { defaultSettings, Settings } from '../settings';
import { WorkspaceIndex } from '../workspace/workspaceIndex';
import { AwsCommandEnv } from './awsCommands';

/** How the server resolves `stsLens.*` for a resource (its `settingsFor`). */
export type SettingsFor = (uri: string) => Promise<Settings>;

/**
 * The settings verify runs with: each workspace folder's, with the
 * `stsLens.trustPolicies` of all folders merged (the first folder wins a role
 * named twice), so a role maps to the same trust policy file as in the
 * editor's checks and in `sts-lens check`.
 */
export async function workspaceSettings(roots: ReadonlyArray<string>, settingsFor: SettingsFor | undefined): Promise<Settings> {
  if (!settingsFor || roots.length === 0) return defaultSettings;
  const all = await Promise.all(roots.map((root) => settingsFor(pathToFileURL(root).toString())));
  const trustPolicies: Record<string, string> = {};
  for (const settings of [...all].reverse()) Object.assign(trustPolicies, settings.trustPolicies);
  return { ...all[0], trustPolicies };
}

/** `sts-lens.aws.verify`: the CLI's verify over the server's own workspace index. */
export async function awsVerify(args: unknown[] | undefined, index: WorkspaceIndex, settings: Settings, env: AwsCommandEnv): Promise<AwsVerifyResult | AwsCommandError> {
  const given = (args?.[0] ?? {}) as Partial<AwsVerifyArgs>;
  if (given.trusted !== true) return { error: 'The workspace is not trusted: STS Lens calls no AWS API there. Trust the workspace first.' };
  const region = await chooseRegion(typeof given.region === 'string' && given.region ? given.region : undefined);
  if ('error' in region) return { error: `${AWS_VERIFY_COMMAND}: ${region.error}` };
  const clients = (env.clients ?? defaultClients)(region.region);
  try {
    const report = await verifyRoles(index, settings, clients.iam, { signal: env.signal });
    return {
      roles: report.roles,
      issuers: report.issuers,
      findings: report.findings.map(({ file, finding }) => ({ uri: file.uri, range: finding.range, severity: finding.severity, code: finding.code, href: ruleDocsUrl(finding.code), message: finding.message })),
    };
  } catch (error) {
    if (env.signal?.aborted || (error as Error).name === 'AbortError') throw error;
    return { error: `${AWS_VERIFY_COMMAND}: ${(error as Error).message}` };
  } finally {
    destroyClients(clients);
  }
}
