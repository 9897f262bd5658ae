import { credentialsModeOf, installConfigView } from '../../views/installConfig';
import { AUTHENTICATION_MANIFEST, installDirFacts, SIGNING_KEY } from '../../workspace/installDir';
import { DocRule } from '../rule';

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
    ctx.report({
      range: view.credentialsMode.value.range[1] > view.credentialsMode.value.range[0] ? view.credentialsMode.value.range : view.credentialsMode.keyRange,
      message:
        `credentialsMode is Manual but the install directory lacks ${missing.join(' and ')}: ` +
        `for AWS STS run \`ccoctl aws create-all\` (or \`sts-lens aws create-all\`) and copy its manifests/ and tls/ here, ` +
        `or the cluster's components get no AWS credentials.`,
    });
  },
};
