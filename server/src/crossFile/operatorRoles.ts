import { get, isMap, isSeq, OffsetRange, Pair, pairOf, SNode, str } from '../model/node';
import { ParsedFile, SourceDoc } from '../model/parsedFile';
import { credentialsRequestView, CredentialsRequestView } from '../views/credentialsRequest';
import { subscriptionView, SubscriptionView } from '../views/subscription';
import { WorkspaceIndex } from '../workspace/workspaceIndex';
import { roleNameOf } from './roleNames';

/** Where OpenShift projects the token an operator on an STS cluster reads, unless the request sets cloudTokenPath. */
export const DEFAULT_CLOUD_TOKEN_PATH = '/var/run/secrets/openshift/serviceaccount/token';

export interface OperatorRequest {
  file: ParsedFile;
  doc: SourceDoc;
  view: CredentialsRequestView;
}

/**
 * A role an operator assumes through the Cloud Credential Operator's
 * token-based mode: the CredentialsRequest's `stsIAMRoleARN`, or the
 * Subscription's `ROLEARN` the operator copies into its request.
 */
export interface OperatorBinding {
  roleName: string;
  arn: string;
  request: OperatorRequest;
  /** The namespace of the request's Secret: the namespace of every service account it lists. */
  namespace: string;
  serviceAccounts: string[];
  /** The file the token is read from (`spec.cloudTokenPath`, or OpenShift's default). */
  tokenPath: string;
  /** Where the ARN is written. */
  via: { file: ParsedFile; range: OffsetRange; describe: string };
}

/** The `stsIAMRoleARN` pair of a request. */
export function stsRoleArnPair(view: CredentialsRequestView): Pair | undefined {
  return pairOf(get(view.spec, 'providerSpec'), 'stsIAMRoleARN');
}

/** The request's `stsIAMRoleARN` as a role name, when it is a role ARN. */
function ownRole(view: CredentialsRequestView): { roleName: string; arn: string; node: SNode } | undefined {
  const pair = stsRoleArnPair(view);
  const arn = str(pair?.value);
  const roleName = arn ? roleNameOf(arn) : undefined;
  return pair && arn && roleName && arn.startsWith('arn:') ? { roleName, arn, node: pair.value } : undefined;
}

/** AWS CredentialsRequests the release or the operator still uses, with a Secret namespace: all, and by that namespace. */
function awsRequests(index: WorkspaceIndex): { all: OperatorRequest[]; byNamespace: Map<string, OperatorRequest[]> } {
  return index.derived(
    'operator-requests',
    () => {
      const all: OperatorRequest[] = [];
      const out = new Map<string, OperatorRequest[]>();
      for (const { file, doc } of index.docsOfKind('credentials-request')) {
        if (!isMap(doc.root)) continue;
        const view = credentialsRequestView(doc.root);
        if (!view.isAws || view.deleted || !view.secretNamespace) continue;
        const request = { file, doc, view };
        all.push(request);
        const list = out.get(view.secretNamespace);
        if (list) list.push(request);
        else out.set(view.secretNamespace, [request]);
      }
      return { all, byNamespace: out };
    },
    ['credentials-request'],
  );
}

/** How many Subscriptions each namespace holds. */
function subscriptionsPerNamespace(index: WorkspaceIndex): Map<string, number> {
  return index.derived(
    'subscriptions-per-namespace',
    () => {
      const out = new Map<string, number>();
      for (const { doc } of index.docsOfKind('subscription')) {
        const namespace = isMap(doc.root) ? subscriptionView(doc.root).namespace : undefined;
        if (namespace) out.set(namespace, (out.get(namespace) ?? 0) + 1);
      }
      return out;
    },
    ['subscription'],
  );
}

/**
 * The operator's CredentialsRequests a Subscription's ROLEARN ends up in:
 * requests for Secrets in the Subscription's namespace that carry no role
 * ARN of their own, when that Subscription is the only one of its namespace in
 * the workspace (in a namespace shared by several operators, such as
 * openshift-operators, which request belongs to which is not written anywhere).
 */
export function requestsOfSubscription(index: WorkspaceIndex, subscription: SubscriptionView): OperatorRequest[] {
  const namespace = subscription.namespace;
  if (!namespace) return [];
  if (subscriptionsPerNamespace(index).get(namespace) !== 1) return [];
  return (awsRequests(index).byNamespace.get(namespace) ?? []).filter((r) => !ownRole(r.view));
}

/** Every operator role binding of the workspace. */
export function operatorBindings(index: WorkspaceIndex): OperatorBinding[] {
  return index.derived(
    'operator-bindings',
    () => {
      const out: OperatorBinding[] = [];
      // Every field written out: an object spread followed by fields gets a hidden class of its own per object in V8.
      const binding = (request: OperatorRequest, roleName: string, arn: string, via: OperatorBinding['via']): OperatorBinding => ({
        request,
        namespace: request.view.secretNamespace!,
        serviceAccounts: request.view.serviceAccounts,
        tokenPath: str(get(request.view.spec, 'cloudTokenPath')) || DEFAULT_CLOUD_TOKEN_PATH,
        roleName,
        arn,
        via,
      });
      for (const request of awsRequests(index).all) {
        const own = ownRole(request.view);
        if (own) out.push(binding(request, own.roleName, own.arn, { file: request.file, range: own.node.range, describe: `CredentialsRequest ${request.view.name}` }));
      }
      for (const { file, doc } of index.docsOfKind('subscription')) {
        if (!isMap(doc.root)) continue;
        const subscription = subscriptionView(doc.root);
        const arn = str(subscription.roleArn?.value);
        const roleName = arn && arn.startsWith('arn:') ? roleNameOf(arn) : undefined;
        if (!arn || !roleName) continue;
        for (const request of requestsOfSubscription(index, subscription)) {
          out.push(binding(request, roleName, arn, { file, range: subscription.roleArn!.value!.range, describe: `Subscription ${subscription.namespace}/${subscription.name} (ROLEARN)` }));
        }
      }
      return out;
    },
    ['credentials-request', 'subscription'],
  );
}

/** The bindings by each service account they list. */
function bindingsByServiceAccount(index: WorkspaceIndex): Map<string, OperatorBinding[]> {
  return index.derived(
    'operator-bindings-by-service-account',
    () => {
      const out = new Map<string, OperatorBinding[]>();
      for (const binding of operatorBindings(index)) {
        for (const serviceAccount of new Set(binding.serviceAccounts)) {
          const list = out.get(serviceAccount);
          if (list) list.push(binding);
          else out.set(serviceAccount, [binding]);
        }
      }
      return out;
    },
    ['credentials-request', 'subscription'],
  );
}

/** The bindings whose service accounts include this one (namespace unknown: any namespace). */
export function bindingsForServiceAccount(index: WorkspaceIndex, namespace: string | undefined, serviceAccount: string): OperatorBinding[] {
  return (bindingsByServiceAccount(index).get(serviceAccount) ?? []).filter((b) => namespace === undefined || namespace === b.namespace);
}

/** `serviceAccountNames` items of a request, with their nodes (for ranges). */
export function serviceAccountItems(view: CredentialsRequestView): Array<{ name: string; node: SNode }> {
  const list = view.serviceAccountNames?.value;
  if (!isSeq(list)) return [];
  return list.items.flatMap((node) => {
    const name = str(node);
    return name ? [{ name, node }] : [];
  });
}
