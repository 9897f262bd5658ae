/** Messages between the extension client and the server beyond LSP itself; imported by both sides. */
export const STATUS_NOTIFICATION = 'stsLens/status';

/** `workspace/executeCommand`: a trust policy, a permission policy skeleton and the annotation for the ServiceAccount at a position. */
export const GENERATE_ROLE_COMMAND = 'sts-lens.generateRoleForServiceAccount';

export interface StatusParams {
  /** Short text for the language status item, e.g. "Checked 12 files". */
  text: string;
  busy: boolean;
  /** Longer explanation for the item's detail. */
  detail?: string;
}
