import * as assert from 'assert';
import { installConfigSchema, KeySpec } from '../../server/src/installConfig/schema';
import { awsRegions } from '../../server/src/installConfig/awsRegions';

interface Visit {
  path: string;
  spec: KeySpec;
  /** How the spec is reached from its parent. */
  via: 'root' | 'property' | 'items' | 'additionalProperties';
}

function walk(spec: KeySpec, path = '', via: Visit['via'] = 'root', out: Visit[] = []): Visit[] {
  out.push({ path: path || '(root)', spec, via });
  for (const [key, child] of Object.entries(spec.properties ?? {})) walk(child, path ? `${path}.${key}` : key, 'property', out);
  if (spec.items) walk(spec.items, `${path}[]`, 'items', out);
  if (spec.additionalProperties) walk(spec.additionalProperties, `${path}.*`, 'additionalProperties', out);
  return out;
}

function at(path: string): KeySpec {
  let spec: KeySpec | undefined = installConfigSchema;
  for (const step of path.split('.')) {
    spec = step === '[]' ? spec?.items : spec?.properties?.[step];
    assert.ok(spec, `no spec at ${path} (stopped at ${step})`);
  }
  return spec!;
}

function matches(spec: KeySpec, value: string): boolean {
  assert.ok(spec.pattern, 'spec has a pattern');
  return new RegExp(spec.pattern!).test(value);
}

const all = walk(installConfigSchema);

describe('install-config schema', () => {
  it('has a non-empty description on every key', () => {
    const missing = all.filter((v) => typeof v.spec.description !== 'string' || v.spec.description.trim() === '').map((v) => v.path);
    assert.deepStrictEqual(missing, []);
  });

  it('describes every enum value, and nothing else', () => {
    for (const { path, spec } of all) {
      if (!spec.enum) {
        assert.strictEqual(spec.enumDescriptions, undefined, `${path} has enumDescriptions without enum`);
        continue;
      }
      assert.ok(spec.enum.length > 0, `${path} has an empty enum`);
      assert.strictEqual(new Set(spec.enum).size, spec.enum.length, `${path} repeats an enum value`);
      for (const value of spec.enum) {
        assert.ok(spec.enumDescriptions?.[value]?.trim(), `${path}: enum value "${value}" has no description`);
      }
      assert.deepStrictEqual(Object.keys(spec.enumDescriptions!).sort(), [...spec.enum].sort(), `${path}: enumDescriptions names values outside the enum`);
      const types = Array.isArray(spec.type) ? spec.type : [spec.type];
      assert.deepStrictEqual(types, ['string'], `${path}: enum on a non-string`);
    }
  });

  it('compiles every pattern, and explains it in words', () => {
    for (const { path, spec } of all) {
      if (spec.pattern === undefined) {
        assert.strictEqual(spec.patternHint, undefined, `${path} has a patternHint without pattern`);
        continue;
      }
      assert.doesNotThrow(() => new RegExp(spec.pattern!), `${path}: pattern does not compile`);
      assert.ok(spec.patternHint?.trim(), `${path}: pattern without patternHint`);
    }
  });

  it('marks required only on keys of an object, and keeps nested shapes consistent', () => {
    for (const { path, spec, via } of all) {
      if (spec.required) assert.strictEqual(via, 'property', `${path} is required but is not a key of its parent`);
      if (spec.deprecated !== undefined) assert.ok(spec.deprecated.trim(), `${path}: empty deprecation note`);
      const types = Array.isArray(spec.type) ? spec.type : [spec.type];
      assert.ok(types.length > 0, `${path} has no type`);
      if (spec.properties || spec.additionalProperties) assert.ok(types.includes('object'), `${path} has keys but is not an object`);
      if (spec.items) assert.ok(types.includes('array'), `${path} has items but is not an array`);
      if (types.length === 1 && types[0] === 'array') assert.ok(spec.items, `${path} is an array without items`);
    }
  });

  it('requires what the installer cannot do without', () => {
    const required = Object.entries(installConfigSchema.properties!)
      .filter(([, spec]) => spec.required)
      .map(([key]) => key)
      .sort();
    assert.deepStrictEqual(required, ['apiVersion', 'baseDomain', 'platform', 'pullSecret']);
    assert.ok(at('platform.aws.region').required);
    assert.ok(at('metadata.name').required);
    assert.ok(at('platform.aws.vpc.subnets.[].id').required);
    assert.ok(at('platform.aws.serviceEndpoints.[].name').required && at('platform.aws.serviceEndpoints.[].url').required);
    assert.ok(at('networking.clusterNetwork.[].cidr').required && at('networking.machineNetwork.[].cidr').required);
  });

  it('knows the values that matter for STS', () => {
    assert.deepStrictEqual(at('apiVersion').enum, ['v1']);
    assert.deepStrictEqual(at('credentialsMode').enum, ['', 'Mint', 'Passthrough', 'Manual']);
    assert.match(at('credentialsMode').enumDescriptions!.Manual, /ccoctl/);
    assert.deepStrictEqual(at('publish').enum, ['External', 'Internal', 'Mixed']);
    assert.deepStrictEqual(at('controlPlane.name').enum, ['master']);
    assert.deepStrictEqual(at('compute.[].name').enum, ['worker', 'edge']);
    assert.deepStrictEqual(at('platform.aws.defaultMachinePlatform.metadataService.authentication').enum, ['Required', 'Optional']);
    assert.deepStrictEqual(at('platform.aws.lbType').enum, ['Classic', 'NLB']);
    assert.strictEqual(at('pullSecret').secret, true);
    assert.strictEqual(at('compute.[].fencing.credentials.[].password').secret, true);
    assert.ok(at('platform.aws.subnets').deprecated);
    assert.ok(at('platform.aws.preserveBootstrapIgnition').deprecated);
    assert.ok(at('imageContentSources').deprecated);
    assert.ok(!at('platform.aws.bestEffortDeleteIgnition').deprecated);
  });

  it('uses the same AWS machine pool in every pool and in defaultMachinePlatform', () => {
    const keys = (path: string) => Object.keys(at(path).properties!).sort();
    const expected = ['additionalSecurityGroupIDs', 'amiID', 'cpuOptions', 'hostPlacement', 'iamProfile', 'iamRole', 'metadataService', 'rootVolume', 'type', 'zones'];
    assert.deepStrictEqual(keys('platform.aws.defaultMachinePlatform'), expected);
    assert.deepStrictEqual(keys('controlPlane.platform.aws'), expected);
    assert.deepStrictEqual(keys('compute.[].platform.aws'), expected);
    assert.deepStrictEqual(keys('platform.aws.defaultMachinePlatform.rootVolume'), ['iops', 'kmsKeyARN', 'size', 'throughput', 'type']);
  });

  it('lets other platforms hold anything, and free-form maps hold strings', () => {
    for (const name of ['azure', 'gcp', 'vsphere', 'none', 'baremetal', 'openstack', 'nutanix']) {
      const spec = at(`platform.${name}`);
      assert.strictEqual(spec.properties, undefined, name);
      assert.ok(Array.isArray(spec.additionalProperties?.type) && spec.additionalProperties!.type.length === 6, name);
    }
    assert.deepStrictEqual(at('platform.aws.userTags').additionalProperties?.type, 'string');
    assert.strictEqual(at('platform.aws').additionalProperties, undefined, 'unknown keys under platform.aws are errors');
  });

  it('accepts real values and refuses typical mistakes', () => {
    const subnet = at('platform.aws.vpc.subnets.[].id');
    assert.ok(matches(subnet, 'subnet-0123456789abcdef0'));
    assert.ok(matches(subnet, 'subnet-1a2b3c4d'));
    assert.ok(!matches(subnet, 'sub-123'));
    assert.ok(!matches(subnet, 'subnet-0123 '));
    assert.ok(matches(at('platform.aws.subnets.[]'), 'subnet-0e953079d31ec4c74'));

    const url = at('platform.aws.serviceEndpoints.[].url');
    assert.ok(matches(url, 'https://ec2.us-east-1.amazonaws.com'));
    assert.ok(matches(url, 'https://vpce-0abc.ec2.us-east-1.vpce.amazonaws.com/'));
    assert.ok(!matches(url, 'http://ec2.example.com'));
    assert.ok(!matches(url, 'https://ec2.example.com/path'));

    const name = at('metadata.name');
    assert.ok(matches(name, 'sts-demo'));
    assert.ok(!matches(name, 'STS_Demo'));
    assert.ok(!matches(name, 'a'.repeat(55)));

    const ssh = at('sshKey');
    assert.ok(matches(ssh, 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDMV user@host'));
    assert.ok(matches(ssh, 'ecdsa-sha2-nistp256 AAAAE2VjZHNh'));
    assert.ok(!matches(ssh, '~/.ssh/id_ed25519.pub'));

    const cidr = at('networking.machineNetwork.[].cidr');
    assert.ok(matches(cidr, '10.0.0.0/16') && matches(cidr, 'fd00:10::/48'));
    assert.ok(!matches(cidr, '10.0.0.0'));

    assert.ok(matches(at('compute.[].platform.aws.type'), 'm6i.xlarge'));
    assert.ok(!matches(at('compute.[].platform.aws.type'), 'm6i-xlarge'));
    assert.ok(matches(at('featureGates.[]'), 'AWSDedicatedHosts=true'));
    assert.ok(!matches(at('featureGates.[]'), 'AWSDedicatedHosts'));
    assert.ok(matches(at('platform.aws.hostedZoneRole'), 'arn:aws:iam::123456789012:role/zone-editor'));
    assert.ok(matches(at('platform.aws.defaultMachinePlatform.rootVolume.kmsKeyARN'), 'arn:aws-us-gov:kms:us-gov-west-1:111122223333:alias/my-key'));
    assert.ok(!matches(at('platform.aws.defaultMachinePlatform.iamRole'), 'arn:aws:iam::123456789012:role/worker'));
    assert.ok(matches(at('platform.aws.userTags').additionalProperties!, 'platform-team'));
    assert.ok(!matches(at('platform.aws.userTags').additionalProperties!, ''));
  });
});

describe('AWS regions', () => {
  it('lists unique, well-formed region names', () => {
    const names = awsRegions.map((r) => r.name);
    assert.strictEqual(new Set(names).size, names.length, 'duplicate region');
    // Two-letter area prefix, except the European Sovereign Cloud (eusc-de-east-1).
    for (const name of names) assert.match(name, /^([a-z]{2}|eusc)(-[a-z]+)+-\d$/);
    for (const r of awsRegions) assert.ok(r.description.trim(), `${r.name} has no description`);
  });

  it('has the regions install-configs name most, in the right partitions', () => {
    const partition = (name: string) => awsRegions.find((r) => r.name === name)?.partition;
    assert.strictEqual(partition('us-east-1'), 'aws');
    assert.strictEqual(partition('ap-northeast-1'), 'aws');
    assert.strictEqual(partition('ap-northeast-3'), 'aws');
    assert.strictEqual(partition('ap-southeast-7'), 'aws');
    assert.strictEqual(partition('mx-central-1'), 'aws');
    assert.strictEqual(partition('cn-north-1'), 'aws-cn');
    assert.strictEqual(partition('cn-northwest-1'), 'aws-cn');
    assert.strictEqual(partition('us-gov-west-1'), 'aws-us-gov');
    assert.strictEqual(partition('us-iso-east-1'), 'aws-iso');
    assert.strictEqual(partition('us-isob-east-1'), 'aws-iso-b');
    assert.strictEqual(partition('eusc-de-east-1'), 'aws-eusc');
    assert.strictEqual(partition('aws-global'), undefined, 'pseudo-regions are left out');
  });

  it('agrees with the partition each name implies', () => {
    for (const r of awsRegions) {
      const expected = r.name.startsWith('cn-')
        ? 'aws-cn'
        : r.name.startsWith('us-gov-')
          ? 'aws-us-gov'
          : r.name.startsWith('us-isob-')
            ? 'aws-iso-b'
            : r.name.startsWith('us-iso-')
              ? 'aws-iso'
              : r.name.startsWith('eusc-')
                ? 'aws-eusc'
                : 'aws';
      assert.strictEqual(r.partition, expected, r.name);
    }
  });
});
