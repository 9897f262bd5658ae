import * as path from 'path';
import { OffsetRange, str } from '../model/node';
import { Located, NeighbourFacts } from '../workspace/folderFacts';
import { IniEntry } from './awsCredentialsFile';
import { credentialEntry, SecretView } from './secret';
import { serviceAccountNameOf, WEBHOOK_TOKEN_FILE, webhookInjection, WebhookInjection } from './serviceAccount';
import { ContainerView, envValue, fileSource, FileSource, secretKeyAt, tokenAt, TokenSource, VolumeMount, WorkloadView } from './workload';

/** Where a container is told to find its web identity token. */
export interface TokenFileUse {
  container: ContainerView;
  file: string;
  /** How the container learns the path, for messages: a clause that follows the path. */
  via: string;
  /** The range to report on, in the workload's file. */
  range: OffsetRange;
  /** The credentials Secret entry that names the file, when it comes from one. */
  secret?: { located: Located<SecretView>; entry: IniEntry };
  /** What provides the file, if anything does. */
  source: FileSource | undefined;
  token: TokenSource | undefined;
  /** True when the pod identity webhook mounts the token. */
  injected: boolean;
}

export interface WebIdentityFacts {
  injection: WebhookInjection | undefined;
  uses: TokenFileUse[];
}

const CONFIG_ENVS = ['AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE'];

/** What the pod identity webhook adds to the workload: its ServiceAccount manifest decides, or eksctl, which annotates the accounts it creates. */
export function injectionFor(workload: WorkloadView, facts: NeighbourFacts): WebhookInjection | undefined {
  const name = serviceAccountNameOf(workload);
  const serviceAccount = facts.serviceAccount(name, workload.namespace)?.view;
  return webhookInjection(workload, serviceAccount, !serviceAccount && facts.createdByEksctl(name, workload.namespace));
}

export function webIdentityFacts(workload: WorkloadView, facts: NeighbourFacts): WebIdentityFacts {
  // Four rules ask for each workload; a keystroke elsewhere leaves the answer as it was.
  return facts.memo(workload, FACT_KINDS, () => readWebIdentityFacts(workload, facts));
}

/** What the answer reads besides the workload: its ServiceAccount, eksctl's service accounts, credentials Secrets. */
const FACT_KINDS = ['service-account', 'eksctl-cluster', 'secret'] as const;

function readWebIdentityFacts(workload: WorkloadView, facts: NeighbourFacts): WebIdentityFacts {
  const injection = injectionFor(workload, facts);
  const uses: TokenFileUse[] = [];
  for (const container of workload.containers) {
    const extra: VolumeMount[] = injection?.containers.has(container) ? [injection.mount] : [];
    const resolve = (file: string) => {
      const source = fileSource(workload, container, file, extra);
      return { source, token: source ? tokenAt(source.mount === injection?.mount ? undefined : source.volume, source.relative) : undefined, injected: source?.mount === injection?.mount && source?.relative === 'token' };
    };
    const tokenEnv = envValue(container, 'AWS_WEB_IDENTITY_TOKEN_FILE');
    const tokenFile = str(tokenEnv?.value);
    if (tokenEnv?.value && tokenFile) {
      uses.push({ container, file: tokenFile, via: 'as AWS_WEB_IDENTITY_TOKEN_FILE says', range: tokenEnv.value.range, ...resolve(tokenFile) });
    } else if (!tokenEnv && extra.length > 0 && !envValue(container, 'AWS_ROLE_ARN')) {
      uses.push({ container, file: WEBHOOK_TOKEN_FILE, via: 'where the pod identity webhook puts it', range: container.node.range, ...resolve(WEBHOOK_TOKEN_FILE) });
    }
    for (const name of CONFIG_ENVS) {
      const env = envValue(container, name);
      const configFile = str(env?.value);
      if (!env?.value || !configFile) continue;
      const source = fileSource(workload, container, configFile, extra);
      const key = secretKeyAt(source?.volume, source?.relative ?? '');
      if (!source?.volume || key === undefined) continue;
      for (const secretName of source.volume.secretNames) {
        const located = facts.secret(secretName, workload.namespace);
        const entry = located ? credentialEntry(located.view, 'web_identity_token_file') : undefined;
        if (!located || !entry || entry.value === '' || located.view.text === undefined) continue;
        uses.push({ container, file: entry.value, via: `the web_identity_token_file of Secret ${secretName}, which ${name} points to`, range: env.value.range, secret: { located, entry }, ...resolve(entry.value) });
      }
    }
  }
  return { injection, uses };
}

/** The audience a fix should request: OpenShift's ccoctl providers list `openshift`, EKS/kops ones `sts.amazonaws.com`. */
export function defaultAudience(tokenFile: string): string {
  return tokenFile.startsWith('/var/run/secrets/openshift/') ? 'openshift' : 'sts.amazonaws.com';
}

export function splitTokenFile(file: string): { dir: string; name: string } {
  return { dir: path.posix.dirname(file), name: path.posix.basename(file) };
}
