import { get, getStr, isMap, isSeq, SNode, str } from '../model/node';
import { ParsedFile, SourceDoc } from '../model/parsedFile';
import { HclBlock } from '../model/hcl/hclToNodes';
import { isTemplated } from '../model/templated';
import { wildcardMatch } from '../util/wildcard';
import { WorkspaceIndex } from '../workspace/workspaceIndex';

/**
 * A Fargate profile selector that takes every pod of a namespace: no labels
 * (a selector with labels takes only some pods, which this code cannot tell).
 * EKS Pod Identity is not available to pods on AWS Fargate, so such a
 * namespace must keep IRSA. Read from eksctl `fargateProfiles`, Terraform
 * `aws_eks_fargate_profile` and CloudFormation `AWS::EKS::FargateProfile`.
 */
export interface FargateNamespace {
  file: ParsedFile;
  /** The profile's name, or its address in the file. */
  profile: string;
  /** The selector's namespace; `*` and `?` are wildcards, as Fargate reads them. */
  namespace: string;
}

const KINDS = ['eksctl-cluster', 'terraform', 'cloudformation'] as const;

export function fargateNamespaces(index: WorkspaceIndex): FargateNamespace[] {
  return index.derived('fargate-namespaces', () => KINDS.flatMap((kind) => index.docsOfKind(kind).flatMap(({ file, doc }) => read(file, doc))), KINDS);
}

/** The profile that puts every pod of the namespace on Fargate, if any. */
export function fargateProfileFor(items: ReadonlyArray<FargateNamespace>, namespace: string): FargateNamespace | undefined {
  if (isTemplated(namespace)) return undefined;
  return items.find((item) => wildcardMatch(item.namespace, namespace));
}

function read(file: ParsedFile, doc: SourceDoc): FargateNamespace[] {
  if (doc.errors.length > 0) return [];
  const out: FargateNamespace[] = [];
  const add = (profile: string | undefined, namespace: string | undefined, hasLabels: boolean) => {
    if (profile && namespace && !hasLabels && !isTemplated(namespace)) out.push({ file, profile, namespace });
  };
  const hasEntries = (node: SNode | undefined) => isMap(node) && node.pairs.length > 0;
  if (doc.kind === 'eksctl-cluster') {
    const profiles = get(doc.root, 'fargateProfiles');
    for (const profile of isSeq(profiles) ? profiles.items : []) {
      const selectors = get(profile, 'selectors');
      for (const selector of isSeq(selectors) ? selectors.items : []) add(getStr(profile, 'name'), getStr(selector, 'namespace'), hasEntries(get(selector, 'labels')));
    }
  } else if (doc.kind === 'cloudformation') {
    const resources = get(doc.root, 'Resources');
    for (const resource of isMap(resources) ? resources.pairs : []) {
      if (getStr(resource.value, 'Type') !== 'AWS::EKS::FargateProfile') continue;
      const props = get(resource.value, 'Properties');
      const selectors = get(props, 'Selectors');
      const name = getStr(props, 'FargateProfileName') ?? resource.key;
      for (const selector of isSeq(selectors) ? selectors.items : []) {
        const labels = get(selector, 'Labels');
        add(name, getStr(selector, 'Namespace'), isSeq(labels) ? labels.items.length > 0 : labels !== undefined);
      }
    }
  } else if (doc.kind === 'terraform' && doc.root instanceof HclBlock) {
    for (const block of doc.root.blocks('resource')) {
      if (block.label(0) !== 'aws_eks_fargate_profile') continue;
      const name = str(block.attribute('fargate_profile_name')?.value) ?? `aws_eks_fargate_profile.${block.label(1) ?? ''}`;
      for (const selector of block.blocks('selector')) {
        add(name, str(selector.attribute('namespace')?.value), selector.attribute('labels') !== undefined);
      }
    }
  }
  return out;
}
