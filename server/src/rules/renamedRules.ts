/**
 * Rule ids that were renamed, old -> new. Settings (`stsLens.rules`, the CLI's
 * --rule) and `# sts-lens-disable-next-line` comments written with an old id
 * keep working.
 */
export const RENAMED_RULES: Readonly<Record<string, string>> = {
  'trust-forallvalues-allow': 'iam-forallvalues-single-valued',
};

export function currentRuleId(id: string): string {
  return Object.prototype.hasOwnProperty.call(RENAMED_RULES, id) ? RENAMED_RULES[id] : id;
}
