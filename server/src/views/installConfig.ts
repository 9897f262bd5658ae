import { MapNode, Pair, pairOf, str } from '../model/node';

/** The parts of an install-config.yaml the rules and services look at. */
export interface InstallConfigView {
  root: MapNode;
  credentialsMode: Pair | undefined;
  /** `platform.aws`, when this is an AWS install. */
  aws: Pair | undefined;
  region: Pair | undefined;
}

export function installConfigView(root: MapNode): InstallConfigView {
  const aws = pairOf(pairOf(root, 'platform')?.value, 'aws');
  return {
    root,
    credentialsMode: pairOf(root, 'credentialsMode'),
    aws,
    region: pairOf(aws?.value, 'region'),
  };
}

export function credentialsModeOf(view: InstallConfigView): string {
  return str(view.credentialsMode?.value) ?? '';
}
