import * as path from 'path';
import { isTemplated } from '../../model/templated';
import { TextEdit } from 'vscode-languageserver-types';
import { isSeq, str } from '../../model/node';
import { entryValueRange } from '../../views/secret';
import { defaultAudience, splitTokenFile, TokenFileUse, webIdentityFacts } from '../../views/webIdentity';
import { tokenAt, workloadView, WorkloadView } from '../../views/workload';
import { folderFacts } from '../../workspace/folderFacts';
import { DocContext, DocRule, Fix, RelatedInfo } from '../rule';
import { appendMapKey, appendSeqItem } from './yamlInsert';
import { tokenPathProblem } from './tokenPath';

export const tokenFileNotMounted: DocRule = {
  id: 'token-file-not-mounted',
  description: 'The web identity token file a container is pointed at is provided by no projected token volume mount.',
  defaultSeverity: 'error',
  kinds: ['workload'],
  check(ctx) {
    const workload = workloadView(ctx.root);
    if (!workload) return;
    const { uses } = webIdentityFacts(workload, folderFacts(ctx.workspace, ctx.file));
    for (const use of uses) {
      if (use.token || use.injected || unknownPaths(workload, use)) continue;
      // A token path the API server refuses (`/token`) is token-path's finding: the pod is never created.
      if (use.source?.volume?.tokens.some((t) => t.path && tokenPathProblem(str(t.path.value) ?? '') !== undefined)) continue;
      const provided = whatIsThere(use);
      const related: RelatedInfo[] = [];
      if (use.secret) {
        const { located, entry } = use.secret;
        related.push({ uri: located.file.uri, range: located.file.rangeOf(entryValueRange(located.file.text, located.view, entry)), message: 'web_identity_token_file is set here' });
      }
      const fix = mountFix(ctx, workload, use);
      ctx.report({
        range: use.range,
        message: `Container "${use.container.name}" reads its web identity token from ${use.file}, ${use.via}, but ${provided}: the AWS SDK fails with "no such file or directory". ${advice(workload, use)}`,
        related,
        fixes: fix ? [fix] : [],
      });
    }
  },
};

/** A templated token file, mount path or token path (`${TOKEN_DIR}/token`) may provide the file once filled in. */
function unknownPaths(workload: WorkloadView, use: TokenFileUse): boolean {
  return isTemplated(use.file) || use.container.volumeMounts.some((m) => isTemplated(m.mountPath)) || workload.volumes.some((v) => v.tokens.some((t) => isTemplated(str(t.path?.value))));
}

/** What the container finds at the token file's path, each path said once. */
function whatIsThere(use: TokenFileUse): string {
  const source = use.source;
  if (!source) return 'nothing is mounted there';
  const volume = `volume "${source.mount.name}"`;
  const tokens = (source.volume?.tokens ?? []).map((t) => str(t.path?.value)).filter((p): p is string => p !== undefined);
  if (tokens.length === 0) return `${volume}${source.relative === '' ? ' is mounted at that very path' : ` (mounted at ${source.mount.mountPath})`}, and it is not a projected serviceAccountToken`;
  const at = tokens.map((t) => path.posix.join(source.mount.mountPath, t)).join(' and ');
  return source.relative === '' ? `${volume} is mounted at that very path, which makes it a folder: its token is ${at}` : `the token of ${volume} is ${at}`;
}

function advice(workload: WorkloadView, use: TokenFileUse): string {
  const { dir, name } = splitTokenFile(use.file);
  const existing = workload.volumes.find((v) => tokenAt(v, name) !== undefined);
  return existing ? `Mount volume "${existing.name}" at ${dir} instead.` : `Mount a projected serviceAccountToken volume at ${dir} with path ${name}.`;
}

function mountFix(ctx: DocContext, workload: WorkloadView, use: TokenFileUse): Fix | undefined {
  const dir = path.posix.dirname(use.file);
  const name = path.posix.basename(use.file);
  if (use.container.volumeMounts.some((m) => path.posix.normalize(m.mountPath).replace(/\/+$/, '') === dir)) return undefined;
  const edits: TextEdit[] = [];
  let volumeName = workload.volumes.find((v) => tokenAt(v, name) !== undefined)?.name;
  if (!volumeName) {
    volumeName = 'aws-web-identity-token';
    while (workload.volumes.some((v) => v.name === volumeName)) volumeName += '-1';
    const volume = [
      `name: ${volumeName}`,
      'projected:',
      '  sources:',
      '  - serviceAccountToken:',
      `      audience: ${defaultAudience(use.file)}`,
      '      expirationSeconds: 3600',
      `      path: ${name}`,
    ];
    const volumes = workload.volumesPair?.value;
    const edit = isSeq(volumes) ? appendSeqItem(ctx, volumes, volume) : workload.volumesPair ? undefined : appendMapKey(ctx, workload.podSpec, 'volumes', ['- ' + volume[0], ...volume.slice(1).map((l) => '  ' + l)]);
    if (!edit) return undefined;
    edits.push(edit);
  }
  const mount = [`name: ${volumeName}`, `mountPath: ${dir}`, 'readOnly: true'];
  const mounts = use.container.volumeMountsPair?.value;
  const mountEdit = isSeq(mounts) ? appendSeqItem(ctx, mounts, mount) : use.container.volumeMountsPair ? undefined : appendMapKey(ctx, use.container.node, 'volumeMounts', ['- ' + mount[0], ...mount.slice(1).map((l) => '  ' + l)]);
  if (!mountEdit) return undefined;
  edits.push(mountEdit);
  return { title: `Mount a projected token at ${dir}`, isPreferred: true, edits: { [ctx.file.uri]: edits } };
}
