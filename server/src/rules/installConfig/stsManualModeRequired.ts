import * as path from 'path';
import { isScalar } from '../../model/node';
import { credentialsModeOf, installConfigView } from '../../views/installConfig';
import { AUTHENTICATION_MANIFEST, installDirFacts } from '../../workspace/installDir';
import { insertLineAfter, replaceScalar } from '../edits';
import { DocRule, Fix } from '../rule';

export const stsManualModeRequired: DocRule = {
  id: 'sts-manual-mode-required',
  description: 'The install directory holds ccoctl output (STS) but credentialsMode is not Manual.',
  defaultSeverity: 'error',
  kinds: ['install-config'],
  check(ctx) {
    if (!ctx.file.fsPath) return;
    const view = installConfigView(ctx.root);
    const mode = credentialsModeOf(view);
    if (mode === 'Manual') return;
    const facts = installDirFacts(ctx.workspace, ctx.file.fsPath);
    const evidence = facts.authentication?.issuer
      ? `manifests/${AUTHENTICATION_MANIFEST} sets serviceAccountIssuer ${facts.authentication.issuer}`
      : facts.stsSecrets.length > 0
        ? `manifests/${path.basename(facts.stsSecrets[0])} is a web-identity credentials Secret`
        : undefined;
    if (!evidence) return;
    const current = view.credentialsMode ? (mode === '' ? 'empty' : `"${mode}"`) : 'not set';
    const message =
      `The install directory holds ccoctl output (${evidence}) but credentialsMode is ${current}: ` +
      `the installer will ignore those STS credentials. Set credentialsMode: Manual.`;
    const pair = view.credentialsMode;
    let fix: Fix;
    if (pair && isScalar(pair.value) && pair.value.range[1] > pair.value.range[0]) {
      fix = { title: 'Set credentialsMode: Manual', isPreferred: true, edits: { [ctx.file.uri]: [replaceScalar(ctx, pair.value, 'Manual')] } };
    } else if (pair) {
      fix = { title: 'Set credentialsMode: Manual', isPreferred: true, edits: { [ctx.file.uri]: [ctx.edit([pair.keyRange[0], pair.value.range[1]], 'credentialsMode: Manual')] } };
    } else {
      const anchor = ctx.root.pairs.find((p) => p.key === 'apiVersion') ?? ctx.root.pairs[0];
      const edit = anchor ? insertLineAfter(ctx, anchor.value.range[1], 'credentialsMode: Manual') : ctx.edit([0, 0], 'credentialsMode: Manual\n');
      fix = { title: 'Set credentialsMode: Manual', isPreferred: true, edits: { [ctx.file.uri]: [edit] } };
    }
    const range = pair ? (pair.value.range[1] > pair.value.range[0] ? pair.value.range : pair.keyRange) : (ctx.root.pairs[0]?.keyRange ?? ctx.root.range);
    ctx.report({ range, message, fixes: [fix] });
  },
};
