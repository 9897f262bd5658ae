import { Severity } from '../settings';

/** A finding code of `sts-lens aws verify` (it reads AWS, so no editor rule reports it); each has its page under docs/rules. */
export interface VerifyCode {
  id: string;
  description: string;
  defaultSeverity: Severity;
}

export const VERIFY_CODES = {
  drift: { id: 'trust-policy-drift', defaultSeverity: 'error', description: 'A role the workspace references does not exist in AWS, its live trust policy differs from the workspace\'s, or it does not admit the service account.' },
  providerMissing: { id: 'oidc-provider-missing', defaultSeverity: 'error', description: 'IAM has no OIDC provider for an issuer the workspace\'s roles trust or its cluster declares.' },
  providerAudience: { id: 'oidc-provider-audience', defaultSeverity: 'error', description: 'A token or ServiceAccount requests an audience the live IAM OIDC provider does not list in its ClientIDList.' },
  providerThumbprint: { id: 'oidc-provider-thumbprint', defaultSeverity: 'warning', description: 'The live IAM OIDC provider does not list the thumbprint of the issuer\'s TLS chain (SHA-1 of the last certificate the server sends, as ccoctl computes it).' },
  discoveryUnreachable: { id: 'oidc-discovery-unreachable', defaultSeverity: 'error', description: 'The issuer\'s discovery document or JWKS cannot be read over HTTPS (an error when the server answers otherwise than 200 with JSON, a warning when it cannot be reached from here).' },
  discoveryMismatch: { id: 'oidc-discovery-mismatch', defaultSeverity: 'error', description: 'The issuer\'s live discovery document names another issuer, or its jwks_uri is missing or not under the issuer.' },
  jwksKidMissing: { id: 'jwks-kid-missing', defaultSeverity: 'error', description: 'The issuer\'s live JWKS has no key with the kid of the cluster\'s public signing key.' },
} as const satisfies Record<string, VerifyCode>;
