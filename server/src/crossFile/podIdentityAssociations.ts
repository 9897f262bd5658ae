import { DocKind } from '../model/kinds';
import { ParsedFile, SourceDoc } from '../model/parsedFile';
import { PodIdentityAssociation, podIdentityAssociationsOf } from '../views/podIdentity';
import { WorkspaceIndex } from '../workspace/workspaceIndex';

/** Kinds that can hold a pod identity association. */
export const ASSOCIATION_KINDS: ReadonlyArray<DocKind> = ['terraform', 'cloudformation', 'pod-identity-association', 'eksctl-cluster'];

export interface LocatedAssociation {
  association: PodIdentityAssociation;
  file: ParsedFile;
  doc: SourceDoc;
}

/** Every pod identity association of the workspace, computed once per state of the index. */
export function workspaceAssociations(index: WorkspaceIndex): LocatedAssociation[] {
  return index.derived(
    'pod-identity-associations',
    () => ASSOCIATION_KINDS.flatMap((kind) => index.docsOfKind(kind).flatMap(({ file, doc }) => podIdentityAssociationsOf(file, doc).map((association) => ({ association, file, doc })))),
    ASSOCIATION_KINDS,
  );
}

/** Documents that install the eks-pod-identity-agent add-on, found once per state of the index (not per request). */
export function podIdentityAgentDocs(index: WorkspaceIndex): ReadonlyArray<{ file: ParsedFile; doc: SourceDoc }> {
  return index.derived(
    'pod-identity-agents',
    () => ASSOCIATION_KINDS.flatMap((kind) => index.docsOfKind(kind).filter(({ file }) => file.text.includes('eks-pod-identity-agent'))),
    ASSOCIATION_KINDS,
  );
}

/**
 * The associations of a service account: same name, and same namespace when
 * both sides say one. Templated names match nothing (their value is unknown).
 */
export function associationsFor(index: WorkspaceIndex, namespace: string | undefined, serviceAccount: string): LocatedAssociation[] {
  return workspaceAssociations(index).filter(
    ({ association: a }) => a.serviceAccount === serviceAccount && a.namespace !== undefined && (namespace === undefined || a.namespace === namespace),
  );
}
