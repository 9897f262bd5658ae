import { DocRule } from '../rule';
import { credentialsRequestSaUnused } from './credentialsRequestSaUnused';
import { trustSubOrphan } from './trustSubOrphan';
import { trustPolicyDuplicate } from './trustPolicyDuplicate';
import { bootstrapPresignSourceIp } from './bootstrapPresignSourceIp';
import { issuerMismatch } from './issuerMismatch';
import { tokenAudienceMismatch } from './tokenAudienceMismatch';
import { trustSubMismatch } from './trustSubMismatch';
import { podIdentityTrust } from './podIdentityTrust';
import { podIdentityServiceAccount } from './podIdentityServiceAccount';
import { podIdentityIrsaConflict } from './podIdentityIrsaConflict';
import { staticCredentialsShadow } from './staticCredentialsShadow';

/** Rules that relate a document to others in the workspace index. */
export const workspaceRules: DocRule[] = [trustSubMismatch, tokenAudienceMismatch, issuerMismatch, bootstrapPresignSourceIp, credentialsRequestSaUnused, trustSubOrphan, trustPolicyDuplicate, podIdentityTrust, podIdentityServiceAccount, podIdentityIrsaConflict, staticCredentialsShadow];
