import * as crypto from 'crypto';
import { get, getStr, isMap, isSeq, MapNode, Pair, pairOf, str } from '../model/node';
import { kidOfPublicKey } from '../workspace/folderFacts';

export interface DiscoveryView {
  issuer: Pair | undefined;
  jwksUri: Pair | undefined;
  algorithms: Pair | undefined;
}

export function discoveryView(root: MapNode): DiscoveryView {
  return { issuer: pairOf(root, 'issuer'), jwksUri: pairOf(root, 'jwks_uri'), algorithms: pairOf(root, 'id_token_signing_alg_values_supported') };
}

export interface JwkView {
  node: MapNode;
  index: number;
  kid: Pair | undefined;
  /** The kid kube-apiserver computes for this key's public half; undefined when the key does not decode. */
  computedKid: string | undefined;
  modulus: string | undefined;
}

export function jwksView(root: MapNode): JwkView[] {
  const keys = get(root, 'keys');
  if (!isSeq(keys)) return [];
  return keys.items.flatMap((node, index) => {
    if (!isMap(node)) return [];
    return [{ node, index, kid: pairOf(node, 'kid'), computedKid: computeKid(node), modulus: getStr(node, 'n') }];
  });
}

function computeKid(node: MapNode): string | undefined {
  const kty = getStr(node, 'kty');
  const n = getStr(node, 'n');
  const e = getStr(node, 'e');
  if (kty !== 'RSA' || !n || !e) return undefined;
  try {
    return kidOfPublicKey(crypto.createPublicKey({ key: { kty, n, e }, format: 'jwk' }));
  } catch {
    return undefined;
  }
}

export function kidText(jwk: JwkView): string | undefined {
  return str(jwk.kid?.value);
}
