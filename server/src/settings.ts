import { currentRuleId } from './rules/renamedRules';

/** User settings (`stsLens.*`), resolved per resource by the server and read from flags by the CLI. */
export type Severity = 'error' | 'warning' | 'information' | 'hint';
export type RuleSetting = Severity | 'off';

export interface Settings {
  rules: Record<string, RuleSetting>;
  clusterName: string;
  trustPolicies: Record<string, string>;
  /** Folders that each hold one cluster's files (`*` stands for one folder name), besides the folders cluster definitions mark. */
  clusterRoots: string[];
  maxFileSize: number;
}

export const defaultSettings: Settings = {
  rules: {},
  clusterName: '',
  trustPolicies: {},
  clusterRoots: [],
  maxFileSize: 1024 * 1024,
};

const RULE_SETTINGS = new Set<RuleSetting>(['off', 'error', 'warning', 'information', 'hint']);

/** Accepts whatever a client sends and keeps only well-formed values. */
export function normalizeSettings(raw: unknown): Settings {
  const input = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const rules: Record<string, RuleSetting> = {};
  if (input.rules && typeof input.rules === 'object') {
    for (const [id, value] of Object.entries(input.rules as Record<string, unknown>)) {
      // An old id of a renamed rule counts, unless the new id is set too.
      if (typeof value === 'string' && RULE_SETTINGS.has(value as RuleSetting) && !(currentRuleId(id) !== id && currentRuleId(id) in rules)) rules[currentRuleId(id)] = value as RuleSetting;
    }
  }
  const trustPolicies: Record<string, string> = {};
  if (input.trustPolicies && typeof input.trustPolicies === 'object') {
    for (const [role, file] of Object.entries(input.trustPolicies as Record<string, unknown>)) {
      if (typeof file === 'string') trustPolicies[role] = file;
    }
  }
  return {
    rules,
    clusterName: typeof input.clusterName === 'string' ? input.clusterName : '',
    trustPolicies,
    clusterRoots: Array.isArray(input.clusterRoots) ? input.clusterRoots.filter((r): r is string => typeof r === 'string' && r.trim() !== '').map((r) => r.trim()) : [],
    maxFileSize: typeof input.maxFileSize === 'number' && input.maxFileSize > 0 ? input.maxFileSize : defaultSettings.maxFileSize,
  };
}
