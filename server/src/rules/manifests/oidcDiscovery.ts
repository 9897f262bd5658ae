import * as path from 'path';
import { isSeq, str } from '../../model/node';
import { isTemplated, literalPrefix } from '../../model/templated';
import { discoveryView, jwksView, kidText } from '../../views/oidc';
import { folderFacts } from '../../workspace/folderFacts';
import { DocContext, DocRule } from '../rule';

export const oidcDiscovery: DocRule = {
  id: 'oidc-discovery',
  description: 'An OIDC discovery document or JWKS that STS cannot use: issuer not https, jwks_uri outside the issuer, no RS256, a key id that does not match its key.',
  defaultSeverity: 'error',
  kinds: ['oidc-discovery', 'jwks'],
  check(ctx) {
    if (ctx.doc.kind === 'oidc-discovery') checkDiscovery(ctx);
    else checkJwks(ctx);
  },
};

function checkDiscovery(ctx: DocContext): void {
  const view = discoveryView(ctx.root);
  const issuer = str(view.issuer?.value) ?? '';
  if (view.issuer && !issuer.startsWith('https://')) {
    ctx.report({ range: view.issuer.value.range, message: `issuer "${issuer}" is not an https URL: IAM only trusts OIDC providers served over https ("No OpenIDConnect provider found").` });
  }
  const jwks = str(view.jwksUri?.value) ?? '';
  // Templated values are unknown until filled in: compare only what is literal.
  const under = issuer.replace(/\/+$/, '') + '/';
  const [known, wanted] = [literalPrefix(jwks), literalPrefix(under)];
  const outside = isTemplated(jwks) || isTemplated(issuer) ? !known.startsWith(wanted) && !wanted.startsWith(known) : !jwks.startsWith(under);
  if (view.jwksUri && issuer.startsWith('https://') && outside) {
    ctx.report({ range: view.jwksUri.value.range, message: `jwks_uri "${jwks}" is not under the issuer ${issuer}: STS fails with "Couldn't retrieve verification key from your identity provider". Use ${issuer.replace(/\/+$/, '')}/keys.json.` });
  }
  const algorithms = view.algorithms?.value;
  const list = isSeq(algorithms) ? algorithms.items.map(str) : [str(algorithms)];
  if (!view.algorithms || !list.some((a) => a === 'RS256' || isTemplated(a))) {
    ctx.report({ range: view.algorithms ? view.algorithms.value.range : (view.issuer?.keyRange ?? ctx.root.pairs[0].keyRange), message: 'id_token_signing_alg_values_supported does not list RS256, the algorithm Kubernetes signs service account tokens with: add ["RS256"].' });
  }
}

function checkJwks(ctx: DocContext): void {
  const keys = jwksView(ctx.root);
  const pems = folderFacts(ctx.workspace, ctx.file).publicKeys();
  for (const key of keys) {
    const kid = kidText(key);
    // A templated kid or key (`${KID}`, `${MODULUS}`) is unknown until filled in.
    if (isTemplated(kid) || isTemplated(key.modulus) || isTemplated(str(key.node.pairs.find((p) => p.key === 'e')?.value))) continue;
    const duplicate = keys.find((k) => k !== key && k.modulus === key.modulus && kidText(k));
    if (!kid) {
      ctx.report({
        range: key.kid?.keyRange ?? key.node.pairs[0]?.keyRange ?? key.node.range,
        severity: duplicate ? 'hint' : undefined,
        message: duplicate
          ? `keys[${key.index}] repeats keys[${duplicate.index}] without a kid: only needed for clusters older than 1.16, which sign tokens without kid.`
          : `keys[${key.index}] has no kid: tokens signed by kube-apiserver carry a kid and STS cannot find their key. Set kid to ${key.computedKid ?? 'base64url(SHA-256(DER public key))'}.`,
      });
      continue;
    }
    if (key.computedKid && kid !== key.computedKid) {
      ctx.report({ range: key.kid!.value.range, message: `kid "${kid}" is not this key's id: kube-apiserver signs with kid "${key.computedKid}" (base64url of SHA-256 over the DER public key), so STS finds no matching key. Set it to "${key.computedKid}".`, fixes: [{ title: `Set kid to ${key.computedKid}`, isPreferred: true, edits: { [ctx.file.uri]: [ctx.edit(key.kid!.value.range, JSON.stringify(key.computedKid))] } }] });
    } else if (pems.length > 0 && !pems.some((p) => p.kid === kid)) {
      ctx.report({ range: key.kid!.value.range, message: `kid "${kid}" matches none of the public keys in this folder (${pems.map((p) => path.basename(p.path)).join(', ')}): the cluster signs with another key, and STS will reject its tokens.` });
    }
  }
}
