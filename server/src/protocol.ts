/** Messages between the extension client and the server beyond LSP itself; imported by both sides. */
export const STATUS_NOTIFICATION = 'stsLens/status';

/** `workspace/executeCommand`: a trust policy, a permission policy skeleton and the annotation for the ServiceAccount at a position. */
export const GENERATE_ROLE_COMMAND = 'sts-lens.generateRoleForServiceAccount';

/** `workspace/executeCommand`: the role of an OLM operator (Subscription or its CredentialsRequest) on an STS cluster, and its ARN where the operator reads it. */
export const GENERATE_OPERATOR_ROLE_COMMAND = 'sts-lens.generateRoleForOperator';

export interface StatusParams {
  /** Short text for the language status item, e.g. "Checked 12 files". */
  text: string;
  busy: boolean;
  /** Longer explanation for the item's detail. */
  detail?: string;
}
