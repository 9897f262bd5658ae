import * as path from 'path';
import { isTemplated } from '../../model/templated';
import { isSeq, Pair, str } from '../../model/node';
import { WebhookInjection } from '../../views/serviceAccount';
import { injectionFor } from '../../views/webIdentity';
import { fileSource, workloadView } from '../../views/workload';
import { folderFacts } from '../../workspace/folderFacts';
import { DocRule, Fix } from '../rule';
import { appendMapKey, appendSeqItem } from './yamlInsert';

const ENVS = ['AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE'];

/**
 * Where the Vault Agent injector mounts its rendered secrets when the pod template asks for it
 * (`vault.hashicorp.com/agent-inject: "true"`): `/vault/secrets`, or the `secret-volume-path` annotations.
 * The mount is added at admission, so the manifest does not show it.
 */
function vaultAgentPaths(annotations: ReadonlyArray<Pair>): string[] {
  const value = (key: string) => str(annotations.find((a) => a.key === key)?.value);
  if (value('vault.hashicorp.com/agent-inject')?.toLowerCase() !== 'true') return [];
  const paths = annotations.filter((a) => a.key.startsWith('vault.hashicorp.com/secret-volume-path')).map((a) => str(a.value)).filter((p): p is string => !!p);
  return ['/vault/secrets', ...paths];
}

export const awsConfigNotMounted: DocRule = {
  id: 'aws-config-not-mounted',
  description: 'AWS_CONFIG_FILE or AWS_SHARED_CREDENTIALS_FILE points where no volume is mounted.',
  defaultSeverity: 'error',
  kinds: ['workload'],
  check(ctx) {
    const workload = workloadView(ctx.root);
    if (!workload) return;
    let injection: WebhookInjection | undefined | null = null;
    for (const container of workload.containers) {
      for (const name of ENVS) {
        const env = container.env.find((e) => e.name === name);
        const file = str(env?.value);
        // A templated path or mount (`${CONFIG_DIR}/config`) is unknown until it is filled in.
        if (!env?.value || !file || !file.startsWith('/') || isTemplated(file) || container.volumeMounts.some((m) => isTemplated(m.mountPath))) continue;
        if (injection === null) {
          injection = injectionFor(workload, folderFacts(ctx.workspace, ctx.file));
        }
        const extra = injection?.containers.has(container) ? [injection.mount] : [];
        if (fileSource(workload, container, file, extra)) continue;
        if (vaultAgentPaths(workload.annotations).some((dir) => file.startsWith(`${dir.replace(/\/+$/, '')}/`))) continue;
        const dir = path.posix.dirname(file);
        const unmounted = workload.volumes.filter((v) => v.secretNames.length > 0 && !container.volumeMounts.some((m) => m.name === v.name));
        const fixes: Fix[] = [];
        if (unmounted.length === 1) {
          const mount = [`name: ${unmounted[0].name}`, `mountPath: ${dir}`, 'readOnly: true'];
          const mounts = container.volumeMountsPair?.value;
          const edit = isSeq(mounts) ? appendSeqItem(ctx, mounts, mount) : container.volumeMountsPair ? undefined : appendMapKey(ctx, container.node, 'volumeMounts', ['- ' + mount[0], ...mount.slice(1).map((l) => '  ' + l)]);
          if (edit) fixes.push({ title: `Mount volume ${unmounted[0].name} at ${dir}`, isPreferred: true, edits: { [ctx.file.uri]: [edit] } });
        }
        const mounted = container.volumeMounts.map((m) => m.mountPath);
        ctx.report({
          range: env.value.range,
          message: `${name} is ${file}, but container "${container.name}" mounts no volume there (${mounted.length ? `mounts: ${mounted.join(', ')}` : 'it mounts nothing'}): the AWS SDK finds no such file and falls back to other credentials. Mount the credentials Secret at ${dir}.`,
          fixes,
        });
      }
    }
  },
};
