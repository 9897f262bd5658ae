import { action, ActionInfo, pastAction, service } from '../../iam/catalog';
import { nearest } from '../../util/nearest';
import { POLICY_KINDS } from '../../views/policy';
import { DocContext, DocRule, Fix } from '../rule';
import { ActionRef, actionRefs } from './actionRefs';
import { replaceString } from './policyEdits';

/** Relatives listed by name at most; more are offered only through the wildcard. */
const MAX_RELATIVES = 4;

export const iamUnknownAction: DocRule = {
  id: 'iam-unknown-action',
  description: 'The action is not, and never was, in the AWS catalog for its service (one AWS retired or never documented is information).',
  defaultSeverity: 'error',
  kinds: POLICY_KINDS,
  check(ctx) {
    for (const a of actionRefs(ctx)) {
      // IAM matches action names without regard to case: "s3:getobject" is s3:GetObject, nothing to report.
      if (!a.service || /[*?]/.test(a.name) || action(a.service, a.name)) continue;
      const info = service(a.service)!;
      const past = pastAction(a.service, a.name);
      if (past) {
        ctx.report({
          range: a.ref.node.range,
          severity: 'information',
          message: past.status === 'retired'
            ? `AWS no longer lists "${a.service}:${past.name}" among the actions of ${info.name} (earlier editions of its Service Authorization Reference did): if AWS retired or renamed it, this entry grants nothing.`
            : `AWS does not document "${a.service}:${past.name}" as an action of ${info.name}, but its own managed policies name it (an internal, preview or retired action): if it is not an action, this entry grants nothing.`,
        });
        continue;
      }
      // Actions whose name starts with this one (kms:ReEncrypt -> kms:ReEncryptFrom, kms:ReEncryptTo) come before spelling neighbours.
      const lower = a.name.toLowerCase();
      const relatives = info.actions.filter((x) => x.name.length > a.name.length && x.name.toLowerCase().startsWith(lower));
      const suggestion = relatives.length === 0 ? nearest(a.name, info.actions.map((x) => x.name)) : undefined;
      const base = `"${a.name}" is not an action of ${info.name} (${a.service}), today or in earlier editions of AWS's Service Authorization Reference: this entry grants nothing`;
      ctx.report({
        range: a.ref.node.range,
        message: relatives.length > 0
          ? `${base}. Actions that start with it: ${listRelatives(a.service, relatives)} ("${a.service}:${a.name}*" matches ${relatives.length === 1 ? 'it' : 'them all'}).`
          : `${base}${suggestion ? `. Did you mean "${a.service}:${suggestion}"?` : '.'}`,
        fixes: relatives.length > 0 ? relativeFixes(ctx, a, relatives) : suggestion ? [changeTo(ctx, a, `${a.service}:${suggestion}`, true)] : undefined,
      });
    }
  },
};

function listRelatives(prefix: string, relatives: ActionInfo[]): string {
  const shown = relatives.slice(0, MAX_RELATIVES).map((x) => `"${prefix}:${x.name}"`);
  return relatives.length > MAX_RELATIVES ? `${shown.join(', ')} and ${relatives.length - MAX_RELATIVES} more` : shown.join(', ');
}

function relativeFixes(ctx: DocContext, a: ActionRef, relatives: ActionInfo[]): Fix[] {
  const named = relatives.length <= MAX_RELATIVES ? relatives.map((x) => changeTo(ctx, a, `${a.service}:${x.name}`, false)) : [];
  return [changeTo(ctx, a, `${a.service}:${a.name}*`, false), ...named];
}

function changeTo(ctx: DocContext, a: ActionRef, to: string, preferred: boolean): Fix {
  return { title: `Change to "${to}"`, isPreferred: preferred, edits: { [ctx.file.uri]: [replaceString(ctx, a.policy, a.ref.node.range, a.ref.value, to)] } };
}
