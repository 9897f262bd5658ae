import { WorkspaceIndex } from '../workspace/workspaceIndex';
import { clusterIssuers } from './clusterFacts';

/**
 * Who issues the tokens an OIDC trust statement accepts, as far as the
 * issuer (host[/path], as IAM writes it) and the workspace say:
 *
 * - `kubernetes`: a cluster's service-account issuer (EKS, the S3 or
 *   CloudFront discovery documents of ccoctl and kops, ROSA's hosted issuers,
 *   GKE, AKS), or one a cluster definition of the workspace declares; its
 *   tokens' `sub` is `system:serviceaccount:<namespace>:<name>`.
 * - `service`: a CI or cloud service with a `sub` format of its own (GitHub
 *   Actions, GitLab, HCP Terraform, CircleCI, Bitbucket Pipelines, Buildkite,
 *   Pulumi, Google, Azure, Cognito user pools...).
 * - `unknown`: anything else (a self-hosted issuer under a domain of its own).
 */
export type IssuerKind = { kind: 'kubernetes' } | ({ kind: 'service' } & TokenService) | { kind: 'unknown' };

export interface TokenService {
  name: string;
  /** What its tokens' `sub` looks like, for messages. */
  subFormat: string;
  /** Who can assume a role that trusts the issuer without a `sub` condition. */
  who: string;
  /**
   * Whether the issuer serves one organisation only (its URL holds the
   * organisation): without a `sub` condition, the tokens of that
   * organisation's pipelines pass, not everyone's.
   */
  perTenant: boolean;
  /** The audience its tokens carry when the user sets none, and where that comes from; undefined when it has no default. */
  defaultAudience?: { value: string; why: string };
}

interface KnownService extends Omit<TokenService, 'defaultAudience'> {
  pattern: RegExp;
  defaultAudience?: (issuer: string) => TokenService['defaultAudience'];
}

const SERVICES: ReadonlyArray<KnownService> = [
  {
    pattern: /^token\.actions\.githubusercontent\.com(\/|$)/,
    name: 'GitHub Actions',
    subFormat: 'repo:<owner>/<repository>:<ref, environment or event>',
    who: 'any workflow of any repository on GitHub',
    perTenant: false,
    defaultAudience: () => ({ value: 'sts.amazonaws.com', why: 'what the aws-actions/configure-aws-credentials action requests by default' }),
  },
  { pattern: /^gitlab\.com$/, name: 'GitLab', subFormat: 'project_path:<group>/<project>:ref_type:<branch or tag>:ref:<name>', who: 'any job of any project on gitlab.com', perTenant: false },
  {
    pattern: /^app\.terraform\.io$/,
    name: 'HCP Terraform',
    subFormat: 'organization:<org>:project:<project>:workspace:<workspace>:run_phase:<plan or apply>',
    who: 'any run of any organization on HCP Terraform',
    perTenant: false,
    defaultAudience: () => ({ value: 'aws.workload.identity', why: "HCP Terraform's default audience for AWS" }),
  },
  {
    pattern: /^oidc\.circleci\.com\/org\/[0-9a-f-]+$/,
    name: 'CircleCI',
    subFormat: 'org/<organization id>/project/<project id>/user/<user id>',
    who: 'every project of the CircleCI organization',
    perTenant: true,
    defaultAudience: (issuer) => ({ value: issuer.slice(issuer.lastIndexOf('/') + 1), why: "CircleCI's audience: the organization id" }),
  },
  { pattern: /^api\.bitbucket\.org\/2\.0\/workspaces\/[^/]+\/pipelines-config\/identity\/oidc$/, name: 'Bitbucket Pipelines', subFormat: '{<repository uuid>}:{<step uuid>}', who: 'every pipeline of the Bitbucket workspace', perTenant: true },
  { pattern: /^agent\.buildkite\.com$/, name: 'Buildkite', subFormat: 'organization:<org>:pipeline:<pipeline>:ref:<ref>:commit:<sha>:step:<step>', who: 'any job of any Buildkite organization', perTenant: false },
  { pattern: /^api\.pulumi\.com\/oidc$/, name: 'Pulumi Deployments', subFormat: 'pulumi:deploy:org:<org>:project:<project>:stack:<stack>:operation:<operation>:scope:<scope>', who: 'every deployment of the Pulumi organization its audience names', perTenant: true },
  { pattern: /^[a-z0-9-]+\.app\.spacelift\.io$/, name: 'Spacelift', subFormat: 'space:<space>:stack:<stack>:run_type:<type>:scope:<scope>', who: 'every stack of the Spacelift account', perTenant: true },
  { pattern: /^accounts\.google\.com$/, name: 'Google', subFormat: 'the numeric id of the Google account', who: 'every Google identity with a token for an audience the role accepts', perTenant: true },
  { pattern: /^(sts\.windows\.net|login\.microsoftonline\.com)\//, name: 'Microsoft Entra ID', subFormat: 'the object id of the application or user', who: 'every application and user of the Entra tenant', perTenant: true },
  { pattern: /^cognito-idp\.[a-z0-9-]+\.amazonaws\.com\//, name: 'an Amazon Cognito user pool', subFormat: "the user's id in the pool", who: 'every user of the pool', perTenant: true },
  { pattern: /(^|\.)(auth0\.com|okta\.com|oktapreview\.com)(\/|$)/, name: 'an identity provider for people (Auth0, Okta)', subFormat: "the user's id", who: 'every user of the tenant', perTenant: true },
];

/** Issuers that only Kubernetes clusters use. */
const KUBERNETES = [
  /^oidc\.eks\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\/id\/[A-Za-z0-9]+$/,
  // ccoctl's and kops' discovery documents in S3 (virtual-hosted or path style), ROSA's older hosted issuers among them.
  /^[a-z0-9.-]+\.s3[.-]([a-z0-9-]+\.)?amazonaws\.com(\.cn)?(\/|$)/,
  /^s3[.-]([a-z0-9-]+\.)?amazonaws\.com(\.cn)?\/[a-z0-9.-]+/,
  // ccoctl with a private bucket behind CloudFront.
  /^[a-z0-9]+\.cloudfront\.net(\/|$)/,
  /^oidc\.op1\.openshiftapps\.com\//,
  /^container\.googleapis\.com\/v1\/projects\/[^/]+\/locations\/[^/]+\/clusters\//,
  /^([a-z0-9-]+\.)?oic\.prod-aks\.azure\.com\//,
];

export function issuerKind(issuer: string, index?: WorkspaceIndex): IssuerKind {
  const host = issuer.toLowerCase();
  if (KUBERNETES.some((p) => p.test(host))) return { kind: 'kubernetes' };
  const service = SERVICES.find((s) => s.pattern.test(host));
  if (service) {
    const { pattern: _pattern, defaultAudience, ...rest } = service;
    return { kind: 'service', ...rest, defaultAudience: defaultAudience?.(issuer) };
  }
  if (index && clusterIssuers(index).some((c) => !c.templated && c.issuer.toLowerCase() === host)) return { kind: 'kubernetes' };
  return { kind: 'unknown' };
}
