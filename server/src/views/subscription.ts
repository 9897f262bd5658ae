import { memoized } from '../model/memo';
import { get, getStr, isMap, isScalar, isSeq, MapNode, Pair, pairOf, ScalarNode } from '../model/node';

export const SUBSCRIPTION_API = 'operators.coreos.com/v1alpha1';
/** The variable OpenShift's console sets in a Subscription for an operator on an AWS STS cluster. */
export const ROLE_ARN_ENV = 'ROLEARN';

/** One `spec.config.env` item: OLM copies it into every container of the operator's Deployment. */
export interface SubscriptionEnv {
  name: string;
  node: MapNode;
  /** The literal `value` (a `valueFrom` is unknown, not wrong). */
  value: ScalarNode | undefined;
}

/** An OLM Subscription (operators.coreos.com/v1alpha1): which operator, and the environment OLM gives it. */
export interface SubscriptionView {
  root: MapNode;
  name: string;
  namespace: string | undefined;
  /** `spec.name`: the package (operator) subscribed to. */
  packageName: string | undefined;
  startingCSV: string | undefined;
  installPlanApproval: Pair | undefined;
  envPair: Pair | undefined;
  env: SubscriptionEnv[];
  /** `ROLEARN` in `spec.config.env`. */
  roleArn: SubscriptionEnv | undefined;
}

function readSubscription(root: MapNode): SubscriptionView {
  const spec = get(root, 'spec');
  const envPair = pairOf(get(spec, 'config'), 'env');
  const env: SubscriptionEnv[] = [];
  if (isSeq(envPair?.value)) {
    for (const item of envPair.value.items) {
      const name = getStr(item, 'name');
      if (!isMap(item) || name === undefined) continue;
      const value = get(item, 'value');
      env.push({ name, node: item, value: isScalar(value) ? value : undefined });
    }
  }
  return {
    root,
    name: getStr(root, 'metadata', 'name') ?? '',
    namespace: getStr(root, 'metadata', 'namespace'),
    packageName: getStr(spec, 'name'),
    startingCSV: getStr(spec, 'startingCSV'),
    installPlanApproval: pairOf(spec, 'installPlanApproval'),
    envPair,
    env,
    roleArn: env.find((e) => e.name === ROLE_ARN_ENV),
  };
}

export const subscriptionView = memoized(readSubscription);
