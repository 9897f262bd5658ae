import * as path from 'path';
import { displayPath } from '../../crossFile/display';
import { ParsedFile } from '../../model/parsedFile';
import { WorkspaceIndex } from '../../workspace/workspaceIndex';
import { credentialsModeOf, installConfigView } from '../../views/installConfig';
import { AUTHENTICATION_MANIFEST, installDirFacts, SIGNING_KEY } from '../../workspace/installDir';
import { DocRule } from '../rule';

/** An Authentication manifest as ccoctl names it, outside this folder: ccoctl's output kept in the workspace. */
function ccoctlOutputElsewhere(index: WorkspaceIndex, dir: string): ParsedFile | undefined {
  const found = index.docsOfKind('authentication').filter(({ file }) => file.fsPath && path.basename(file.fsPath) === AUTHENTICATION_MANIFEST && !file.fsPath.startsWith(dir + path.sep + 'manifests' + path.sep));
  return found.length === 1 ? found[0].file : undefined;
}

export const stsManifestsMissing: DocRule = {
  id: 'sts-manifests-missing',
  description: 'credentialsMode is Manual but the install directory lacks the ccoctl Authentication manifest or the bound service account signing key.',
  defaultSeverity: 'warning',
  kinds: ['install-config'],
  check(ctx) {
    if (!ctx.file.fsPath) return;
    const view = installConfigView(ctx.root);
    if (credentialsModeOf(view) !== 'Manual' || !view.aws || !view.credentialsMode) return;
    const facts = installDirFacts(ctx.workspace, ctx.file.fsPath);
    // Manual mode with long-lived keys the user provides is legitimate and needs neither file.
    if (facts.staticKeySecrets.length > 0) return;
    const missing: string[] = [];
    if (!facts.authentication) missing.push(`manifests/${AUTHENTICATION_MANIFEST}`);
    else if (!facts.authentication.issuer) missing.push(`spec.serviceAccountIssuer in manifests/${AUTHENTICATION_MANIFEST}`);
    if (!facts.signingKey) missing.push(SIGNING_KEY.split('\\').join('/'));
    if (missing.length === 0) return;
    const range = view.credentialsMode.value.range[1] > view.credentialsMode.value.range[0] ? view.credentialsMode.value.range : view.credentialsMode.keyRange;
    if (!facts.installerDir) {
      // A copy kept in a repository: the install directory made from it gets these files later (and the private key is never committed).
      const output = ctx.index ? ccoctlOutputElsewhere(ctx.index, facts.dir) : undefined;
      ctx.report({
        range,
        severity: 'information',
        message:
          `credentialsMode is Manual: for AWS STS the install directory made from this file needs ccoctl's manifests/${AUTHENTICATION_MANIFEST} (after \`openshift-install create manifests\`) and ${SIGNING_KEY.split('\\').join('/')} before \`openshift-install create cluster\`, ` +
          (output ? `from ccoctl's output (${displayPath(ctx.file, output)}), ` : `from \`ccoctl aws create-all\` (or \`sts-lens aws create-all\`), `) +
          `or the cluster's components get no AWS credentials.`,
      });
      return;
    }
    ctx.report({
      range,
      message:
        `credentialsMode is Manual but the install directory lacks ${missing.join(' and ')}: ` +
        `for AWS STS run \`ccoctl aws create-all\` (or \`sts-lens aws create-all\`) and copy its manifests/ and tls/ here, ` +
        `or the cluster's components get no AWS credentials.`,
    });
  },
};
