import { installConfigRegion } from './installConfig/installConfigRegion';
import { installConfigSchemaRule } from './installConfig/installConfigSchema';
import { stsManifestsMissing } from './installConfig/stsManifestsMissing';
import { stsManualModeRequired } from './installConfig/stsManualModeRequired';
import { Rule } from './rule';
import { jsonSyntax } from './syntax/jsonSyntax';
import { yamlSyntax } from './syntax/yamlSyntax';

/** Every rule, in the order findings of equal position are listed. Adding a rule: its file and this list. */
export const allRules: ReadonlyArray<Rule> = [
  yamlSyntax,
  jsonSyntax,
  installConfigSchemaRule,
  installConfigRegion,
  stsManualModeRequired,
  stsManifestsMissing,
];

export function ruleById(id: string): Rule | undefined {
  return allRules.find((rule) => rule.id === id);
}
