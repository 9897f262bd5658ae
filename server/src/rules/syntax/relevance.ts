import { ParsedFile } from '../../model/parsedFile';

const MARKERS = /\b(apiVersion|Statement|AssumeRolePolicyDocument|PolicyDocument|jwks_uri|ClientIDList|AWSTemplateFormatVersion|credentialsMode|pullSecret|baseDomain)\b|"kty"/;

/**
 * Syntax errors are reported only in files that are ours to check: manifests
 * and IAM/OIDC documents. Other YAML/JSON (CI workflows, tsconfig) belongs to
 * other tools, and a second report of the same parse error is noise.
 */
export function isRelevant(file: ParsedFile): boolean {
  return file.docs.some((doc) => doc.kind !== 'unknown') || MARKERS.test(file.text) || /install-config/i.test(file.fsPath ?? file.uri);
}
