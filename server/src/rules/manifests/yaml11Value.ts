import { describeYaml11 } from '../../model/yaml11';
import { Yaml11Value, yaml11Values } from '../../views/yaml11Values';
import { DocRule } from '../rule';

export const yaml11Value: DocRule = {
  id: 'yaml-1-1-value',
  description: 'A plain value such as yes, on, 0777 or 1_000 that Kubernetes (YAML 1.1) reads as a boolean or number where a string is needed; offers to quote it.',
  defaultSeverity: 'warning',
  kinds: ['credentials-request', 'workload', 'service-account', 'secret', 'namespace', 'authentication', 'kops-cluster', 'subscription', 'cluster-service-version', 'unknown'],
  check(ctx) {
    if (ctx.file.format !== 'yaml') return;
    for (const value of yaml11Values(ctx.root, ctx.file.text)) {
      const quoted = `"${value.source}"`;
      ctx.report({
        range: value.node.range,
        message: `Plain ${value.source} is ${describeYaml11(value.yaml11)} in YAML 1.1, which Kubernetes reads manifests with (YAML 1.2 reads ${yaml12(value)}). ${consequence(value)} Quote it: ${quoted}.`,
        fixes: [{ title: `Quote ${value.source} as the string ${quoted}`, edits: { [ctx.file.uri]: [ctx.edit(value.node.range, quoted)] }, isPreferred: true }],
      });
    }
  },
};

function yaml12(value: Yaml11Value): string {
  return typeof value.yaml12 === 'string' ? `the string "${value.source}"` : `the ${typeof value.yaml12} ${String(value.yaml12)}`;
}

function consequence(value: Yaml11Value): string {
  const read = describeYaml11(value.yaml11);
  switch (value.place) {
    case 'string':
      return `This ${value.what} must be a string: kubectl apply sends ${read} and the API server refuses the object.`;
    case 'provider-spec':
      return `This ${value.what} must be a string: ccoctl and the Cloud Credential Operator cannot decode the providerSpec.`;
    case 'free-form':
      return `ccoctl and the Cloud Credential Operator put ${read} into the role policy's condition.`;
  }
}
