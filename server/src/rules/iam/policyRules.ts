import { Rule } from '../rule';
import { trustActionMismatch } from '../trust/trustActionMismatch';
import { trustAudMissing } from '../trust/trustAudMissing';
import { trustConditionIssuer } from '../trust/trustConditionIssuer';
import { trustPolicySize } from '../trust/trustPolicySize';
import { trustPrincipalArn } from '../trust/trustPrincipalArn';
import { trustSubBroad } from '../trust/trustSubBroad';
import { trustSubFormat } from '../trust/trustSubFormat';
import { trustSubMissing } from '../trust/trustSubMissing';
import { trustWildcardOperator } from '../trust/trustWildcardOperator';
import { iamAdminWildcard } from './iamAdminWildcard';
import { iamForAllValuesSingleValued } from './iamForAllValuesSingleValued';
import { iamPolicySchema } from './iamPolicySchema';
import { iamPolicySize } from './iamPolicySize';
import { iamUnknownAction } from './iamUnknownAction';
import { iamUnknownConditionKey } from './iamUnknownConditionKey';
import { iamUnknownService } from './iamUnknownService';
import { iamWildcardMatchesNothing } from './iamWildcardMatchesNothing';

/** The IAM policy and trust policy rules (issue 3), in listing order. */
export const policyRules: ReadonlyArray<Rule> = [
  iamPolicySchema,
  iamUnknownService,
  iamUnknownAction,
  iamWildcardMatchesNothing,
  iamUnknownConditionKey,
  iamAdminWildcard,
  iamPolicySize,
  trustPrincipalArn,
  trustActionMismatch,
  trustConditionIssuer,
  trustSubMissing,
  trustSubFormat,
  trustWildcardOperator,
  trustSubBroad,
  trustAudMissing,
  iamForAllValuesSingleValued,
  trustPolicySize,
];
