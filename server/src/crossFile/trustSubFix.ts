import { Fix } from '../rules/rule';
import { appendToList } from './listEdits';
import { TrustSource } from './trustSources';
import { webIdentityStatements } from './webIdentityTrust';

/** "Add <subject> to <role>'s trust policy": an edit of the trust policy's file. */
export function conditionEdits(source: TrustSource, subject: string): Fix[] {
  const statement = webIdentityStatements(source.policy).find((s) => s.subs.length > 0);
  if (!statement) return [];
  // Prefer the exact-match condition; a StringLike list takes the literal subject just as well.
  const condition = statement.subs.find((c) => /StringEquals/i.test(c.operator)) ?? statement.subs[0];
  const { policy, file } = source;
  return [
    {
      title: `Add ${subject} to the trust policy of ${source.roleName}`,
      isPreferred: true,
      edits: { [file.uri]: [appendToList(file, condition.keyPair.value, policy.subjectText ? policy.subjectText(subject) : subject, (t) => policy.encode(t), !policy.embedded)] },
    },
  ];
}
