import { planKeyPair } from './createKeyPair';
import { planIamRoles } from './createIamRoles';
import { planIdentityProvider } from './createIdentityProvider';
import { CredentialsRequest } from './credentialsRequests';
import { KeyPair } from './keys';
import { hasErrors, mergePlans, Plan } from './plan';

export interface CreateAllInputs {
  name: string;
  region: string;
  keys: KeyPair;
  requests: CredentialsRequest[];
  accountId?: string;
  permissionsBoundaryArn?: string;
  createPrivateS3Bucket?: boolean;
}

/**
 * Key pair, issuer and identity provider, then the roles. Unlike ccoctl's
 * dry run, the roles' trust policies and the Authentication manifest name the
 * issuer this run creates, not `<enter_issuer_url_here>`.
 */
export function planCreateAll(inputs: CreateAllInputs, dryRun: boolean): Plan {
  const provider = planIdentityProvider(
    { name: inputs.name, region: inputs.region, publicPem: inputs.keys.publicPem, accountId: inputs.accountId, createPrivateS3Bucket: inputs.createPrivateS3Bucket },
    dryRun,
  );
  if (hasErrors(provider)) return provider;
  const roles = planIamRoles(
    { name: inputs.name, requests: inputs.requests, providerArn: provider.providerArn!, permissionsBoundaryArn: inputs.permissionsBoundaryArn },
    dryRun,
  );
  return mergePlans(planKeyPair(inputs.keys), provider, roles);
}
