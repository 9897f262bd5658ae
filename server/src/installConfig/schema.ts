// PLACEHOLDER until the full schema lands (being written in parallel); same interface.
export type SchemaType = 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
export interface KeySpec {
  type: SchemaType | SchemaType[];
  description: string;
  properties?: Record<string, KeySpec>;
  additionalProperties?: KeySpec;
  items?: KeySpec;
  enum?: string[];
  enumDescriptions?: Record<string, string>;
  pattern?: string;
  patternHint?: string;
  required?: boolean;
  deprecated?: string;
  secret?: boolean;
  default?: string;
}
const s = (description: string, extra: Partial<KeySpec> = {}): KeySpec => ({ type: 'string', description, ...extra });
export const installConfigSchema: KeySpec = {
  type: 'object',
  description: 'install-config',
  properties: {
    apiVersion: s('api version', { enum: ['v1'], required: true }),
    baseDomain: s('base domain', { required: true }),
    credentialsMode: s('credentials mode', { enum: ['', 'Mint', 'Passthrough', 'Manual'] }),
    publish: s('publish', { enum: ['External', 'Internal', 'Mixed'] }),
    fips: { type: 'boolean', description: 'fips' },
    sshKey: s('ssh key'),
    pullSecret: s('pull secret', { required: true, secret: true }),
    metadata: { type: 'object', description: 'metadata', properties: { name: s('name') } },
    controlPlane: { type: 'object', description: 'cp', properties: { name: s('name', { enum: ['master'] }), replicas: { type: 'integer', description: 'r' }, platform: { type: 'object', description: 'p', properties: { aws: { type: 'object', description: 'a', properties: { type: s('t') } } } } } },
    compute: { type: 'array', description: 'compute', items: { type: 'object', description: 'pool', properties: { name: s('name'), replicas: { type: 'integer', description: 'r' } } } },
    networking: { type: 'object', description: 'n', properties: { networkType: s('t'), machineNetwork: { type: 'array', description: 'm', items: { type: 'object', description: 'c', properties: { cidr: s('c') } } } } },
    platform: {
      type: 'object',
      description: 'platform',
      properties: {
        aws: {
          type: 'object',
          description: 'aws',
          properties: {
            region: s('region', { required: true }),
            userTags: { type: 'object', description: 'tags', additionalProperties: s('tag') },
            subnets: { type: 'array', description: 'legacy', items: s('id'), deprecated: 'use vpc.subnets' },
            vpc: { type: 'object', description: 'vpc', properties: { subnets: { type: 'array', description: 's', items: { type: 'object', description: 'i', properties: { id: s('id', { pattern: '^subnet-[0-9a-f]+$', patternHint: 'an id like subnet-0123abcd' }) } } } } },
            serviceEndpoints: { type: 'array', description: 'e', items: { type: 'object', description: 'e', properties: { name: s('n'), url: s('u', { pattern: '^https://', patternHint: 'an https:// URL' }) } } },
          },
        },
      },
    },
  },
};
