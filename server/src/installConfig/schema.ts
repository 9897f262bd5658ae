/**
 * The keys of OpenShift's install-config.yaml, as the installer reads them.
 *
 * Built from openshift/installer v1.5.0-alpha.2 (pkg/types, pkg/types/aws,
 * pkg/types/validation, pkg/types/aws/validation, pkg/types/conversion,
 * pkg/types/defaults; the copy vendored by openshift/hive in August 2026).
 * The installer decodes the file strictly: a key it does not know stops
 * `openshift-install` before anything is created, so every key it accepts must
 * be listed here, and nothing else. Descriptions are our own words.
 *
 * `required` marks what the installer itself refuses to do without (after its
 * own defaults are applied), not what its generated CRD happens to mark.
 */

export type SchemaType = 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';

export interface KeySpec {
  type: SchemaType | SchemaType[]; // several when the installer accepts either
  description: string; // 1-3 sentences, markdown ok: what it is and what goes wrong if it's wrong
  properties?: Record<string, KeySpec>; // known keys of an object
  additionalProperties?: KeySpec; // free-form maps (e.g. userTags: string -> string); absent = unknown keys are errors
  items?: KeySpec; // arrays
  enum?: string[]; // allowed values (exact case as the installer wants)
  enumDescriptions?: Record<string, string>;
  pattern?: string; // JS regex source for string values (e.g. subnet ids)
  patternHint?: string; // human words for the pattern, used in messages ("an id like subnet-0123abcd")
  required?: boolean; // required within its parent object
  deprecated?: string; // why, and what to use instead
  secret?: boolean; // value must never be echoed (pullSecret)
  nonEmpty?: string; // the installer refuses '' for this key: why, for the message
  default?: string; // default as text, for hover
}

// ---------------------------------------------------------------------------
// Small builders

type Extra = Partial<Omit<KeySpec, 'type' | 'description'>>;

const ANY_TYPE: SchemaType[] = ['object', 'array', 'string', 'integer', 'number', 'boolean'];

function str(description: string, extra: Extra = {}): KeySpec {
  return { type: 'string', description, ...extra };
}
function int(description: string, extra: Extra = {}): KeySpec {
  return { type: 'integer', description, ...extra };
}
function bool(description: string, extra: Extra = {}): KeySpec {
  return { type: 'boolean', description, ...extra };
}
function obj(description: string, properties: Record<string, KeySpec>, extra: Extra = {}): KeySpec {
  return { type: 'object', description, properties, ...extra };
}
function arr(description: string, items: KeySpec, extra: Extra = {}): KeySpec {
  return { type: 'array', description, items, ...extra };
}
/** A string restricted to a list of values, each with its own explanation. */
function oneOf(description: string, values: Record<string, string>, extra: Extra = {}): KeySpec {
  return { type: 'string', description, enum: Object.keys(values), enumDescriptions: values, ...extra };
}
function stringMap(description: string, value: KeySpec, extra: Extra = {}): KeySpec {
  return { type: 'object', description, additionalProperties: value, ...extra };
}
function anything(description: string): KeySpec {
  return { type: [...ANY_TYPE], description };
}
/** A block the installer knows but this extension does not check key by key (another platform's settings). */
function opaque(description: string): KeySpec {
  return { type: 'object', description, additionalProperties: anything('A setting of this block. STS Lens does not check its keys; `openshift-install` does.') };
}

// ---------------------------------------------------------------------------
// Shared value shapes

const CIDR_PATTERN = '^((\\d{1,3}\\.){3}\\d{1,3}/\\d{1,2}|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*/\\d{1,3})$';
const CIDR_HINT = 'a CIDR block such as 10.0.0.0/16 or fd00::/48';

function cidr(description: string, extra: Extra = {}): KeySpec {
  return str(description, { pattern: CIDR_PATTERN, patternHint: CIDR_HINT, ...extra });
}

const SUBNET_ID: Extra = {
  pattern: '^subnet-[0-9a-f]+$',
  patternHint: 'an existing subnet id like subnet-0123456789abcdef0',
};

const ARN_PARTITION = 'aws(-cn|-us-gov|-iso|-iso-b|-iso-e|-iso-f|-eusc)?';

// ---------------------------------------------------------------------------
// platform.aws machine pool (controlPlane / compute / arbiter / defaultMachinePlatform)

const awsRootVolume = obj(
  'The EBS root disk of each machine in the pool. Unset values come from `platform.aws.defaultMachinePlatform.rootVolume`, then from the installer (gp3, 120 GiB).',
  {
    type: oneOf(
      'EBS volume type of the root disk. The installer rejects a type it does not know, and refuses `iops` on types without provisioned IOPS.',
      {
        gp3: 'General purpose SSD, the installer default for control plane and compute pools. `iops` and `throughput` may be set.',
        gp2: 'Older general purpose SSD (default for edge pools). `iops` must not be set: its performance follows the size.',
        io1: 'Provisioned-IOPS SSD: set `iops` as well.',
        io2: 'Newer provisioned-IOPS SSD: set `iops` as well.',
        st1: 'Throughput-optimized HDD. The installer accepts it, but EC2 cannot boot from it, so machines fail to launch.',
        sc1: 'Cold HDD. The installer accepts it, but EC2 cannot boot from it, so machines fail to launch.',
        standard: 'Previous-generation magnetic volume. `iops` must not be set.',
      },
      { default: 'gp3' },
    ),
    size: int('Root disk size in GiB. Too small a disk fills up with images and logs and the node goes NotReady; a negative value is rejected.', {
      default: '120',
    }),
    iops: int('Provisioned IOPS of the root disk, only for `io1`, `io2` and `gp3`; the installer rejects it on `gp2`, `st1`, `sc1` and `standard`.'),
    throughput: int(
      'Throughput of a `gp3` root disk in MiB/s, between 125 and 2000. It must stay within a quarter of `iops` (3000 when unset), otherwise the installer rejects it.',
    ),
    kmsKeyARN: str(
      'ARN of the KMS key that encrypts the root disk; unset uses the account default EBS key. The machine roles (or the roles made by ccoctl in Manual mode) need use of this key, or instances stop right after launch.',
      {
        pattern: `^arn:${ARN_PARTITION}:kms:[a-z0-9-]+:\\d{12}:(key|alias)/.+$`,
        patternHint: 'a KMS key or alias ARN like arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab',
      },
    ),
  },
);

const awsMachinePool = obj('AWS settings for the machines of this pool. Values left out are taken from `platform.aws.defaultMachinePlatform`.', {
  type: str('EC2 instance type of the machines, e.g. `m6i.xlarge`. A type not offered in every chosen zone makes the install fail late, when machines are created.', {
    pattern: '^[a-z][a-z0-9-]*\\.[a-z0-9-]+$',
    patternHint: 'an EC2 instance type like m6i.xlarge (family, a dot, then the size)',
  }),
  zones: arr(
    'Availability zones for the machines, e.g. `us-east-1a`. Each must belong to `platform.aws.region`, or the installer stops with "Zone not in configured region".',
    str('An availability zone name of the cluster region, e.g. `us-east-1a`.'),
  ),
  amiID: str('AMI to boot these machines from instead of the release\'s RHCOS image. It must be in the cluster region; required in the China and ISO regions, where the installer cannot copy its image.', {
    pattern: '^ami-[0-9a-f]+$',
    patternHint: 'an AMI id like ami-0123456789abcdef0',
  }),
  rootVolume: awsRootVolume,
  metadataService: obj('How the machines may use the EC2 instance metadata service (IMDS).', {
    authentication: oneOf(
      'Whether calls to the metadata service must carry a session token (IMDSv2). Unset leaves the choice to the platform, currently Optional.',
      {
        Required: 'Only IMDSv2 (token) calls are answered. Software that still uses IMDSv1 loses its credentials.',
        Optional: 'Both IMDSv1 and IMDSv2 calls are answered.',
      },
    ),
  }),
  iamRole: str(
    'Name (not ARN) of an existing IAM role for the machines\' instance profile; unset makes the installer create one. Cannot be combined with `iamProfile`.',
    { pattern: '^[\\w+=,.@-]{1,64}$', patternHint: 'an IAM role name (not an ARN), at most 64 characters' },
  ),
  iamProfile: str(
    'Name (not ARN) of an existing IAM instance profile for the machines; unset makes the installer create one. Cannot be combined with `iamRole`.',
    { pattern: '^[\\w+=,.@-]{1,128}$', patternHint: 'an instance profile name (not an ARN), at most 128 characters' },
  ),
  additionalSecurityGroupIDs: arr(
    'Extra security groups attached to the machines, at most 10. Only allowed when installing into existing subnets (`platform.aws.vpc.subnets`).',
    str('A security group id in the cluster VPC.', { pattern: '^sg-[0-9a-f]+$', patternHint: 'a security group id like sg-0123456789abcdef0' }),
  ),
  cpuOptions: obj('CPU settings of the instances. If present, at least one key must be set.', {
    confidentialCompute: oneOf(
      'Whether the instances run as confidential VMs. AMD SEV-SNP needs an instance type, region and AMI that support it.',
      {
        Disabled: 'No confidential computing (the current platform default).',
        AMDEncryptedVirtualizationNestedPaging: 'Run with AMD SEV-SNP memory encryption.',
      },
    ),
  }),
  hostPlacement: obj(
    'Places compute machines on EC2 Dedicated Hosts. Only for `compute` pools named `worker`, and only with the AWSDedicatedHosts feature gate enabled (TechPreviewNoUpgrade or CustomNoUpgrade).',
    {
      affinity: oneOf(
        'How instances are tied to dedicated hosts.',
        {
          DedicatedHost: 'Each instance runs on one of the hosts listed in `dedicatedHost` and returns to it after a stop.',
          AnyAvailable: 'Instances may run on any available dedicated host; `dedicatedHost` must then be left out.',
        },
        { required: true },
      ),
      dedicatedHost: arr(
        'The dedicated hosts to use; required when `affinity` is DedicatedHost, forbidden otherwise.',
        obj('One dedicated host.', {
          id: str('The dedicated host id.', {
            required: true,
            pattern: '^h-[0-9a-f]{17}$',
            patternHint: 'a dedicated host id like h-0123456789abcdef0 (h- then 17 lower-case hex digits)',
          }),
        }),
      ),
    },
  ),
});

// ---------------------------------------------------------------------------
// Other platforms: known names, contents not checked

const OTHER_POOL_PLATFORMS: Record<string, string> = {
  azure: 'Azure settings for this pool. Only valid when the cluster platform is azure.',
  baremetal: 'Bare metal settings for this pool. Only valid when the cluster platform is baremetal.',
  gcp: 'Google Cloud settings for this pool. Only valid when the cluster platform is gcp.',
  ibmcloud: 'IBM Cloud settings for this pool. Only valid when the cluster platform is ibmcloud.',
  openstack: 'OpenStack settings for this pool. Only valid when the cluster platform is openstack or powervc.',
  vsphere: 'vSphere settings for this pool. Only valid when the cluster platform is vsphere.',
  ovirt: 'oVirt settings for this pool. Only valid when the cluster platform is ovirt.',
  powervc: 'PowerVC settings for this pool. Only valid when the cluster platform is powervc.',
  powervs: 'IBM Power Virtual Server settings for this pool. Only valid when the cluster platform is powervs.',
  nutanix: 'Nutanix settings for this pool. Only valid when the cluster platform is nutanix.',
};

const OTHER_CLUSTER_PLATFORMS: Record<string, string> = {
  azure: 'Install on Microsoft Azure (or Azure Stack Hub).',
  baremetal: 'Install on bare metal hosts managed through their BMCs.',
  gcp: 'Install on Google Cloud.',
  ibmcloud: 'Install on IBM Cloud VPC.',
  none: 'Install without any platform integration (user-provisioned machines); usually written `none: {}`.',
  external: 'Install on a platform whose cloud integration is provided by a partner, outside the installer.',
  openstack: 'Install on OpenStack.',
  powervc: 'Install on IBM PowerVC.',
  powervs: 'Install on IBM Power Virtual Server.',
  vsphere: 'Install on VMware vSphere.',
  ovirt: 'Install on oVirt / Red Hat Virtualization.',
  nutanix: 'Install on Nutanix AOS.',
};

function poolPlatform(): KeySpec {
  const properties: Record<string, KeySpec> = { aws: awsMachinePool };
  for (const [name, description] of Object.entries(OTHER_POOL_PLATFORMS)) properties[name] = opaque(description);
  return obj(
    'Platform-specific settings of this pool. Give only the block of the cluster platform: another one makes the installer stop with "cannot specify … for machine pool".',
    properties,
  );
}

// ---------------------------------------------------------------------------
// Machine pools

const fencing = obj(
  'BMC credentials for fencing in a two-node control plane (bare metal, external or none platforms only). Not valid on compute pools.',
  {
    credentials: arr(
      'One entry per control plane host: exactly two for a two-node cluster, none otherwise.',
      obj('How to reach and log in to one host\'s management controller.', {
        hostName: str('Name of the host these credentials belong to. Give this or `macAddress`.'),
        macAddress: str('MAC address of the host these credentials belong to. Give this or `hostName`.'),
        username: str('User name for the management controller.', { required: true }),
        password: str('Password for the management controller. Prefer injecting it at install time over keeping it in the file.', {
          required: true,
          secret: true,
        }),
        address: str('Address (URL) of the management controller, e.g. `redfish+https://10.0.0.10/redfish/v1/Systems/1`.', { required: true }),
        certificateVerification: oneOf(
          'Whether the controller\'s TLS certificate is verified.',
          {
            Enabled: 'Verify the certificate (default).',
            Disabled: 'Skip verification; only for controllers with self-signed certificates.',
          },
          { default: 'Enabled' },
        ),
      }),
    ),
  },
);

const platformDiskId = (what: string): KeySpec => str(`Which disk of the machine holds ${what}: a platform disk id of at most 12 characters.`);

const diskSetup = arr(
  'Extra disks prepared on the machines by MachineConfig: at most one for etcd (control plane only) and one for swap.',
  obj('One extra disk and its use.', {
    type: oneOf('What the disk is used for; the block of the same name must also be given.', {
      etcd: 'Holds the etcd data directory. Only on the control plane pool.',
      swap: 'Used as swap space.',
      'user-defined': 'Mounted at `userDefined.mountPath`.',
    }),
    etcd: obj('Settings of an etcd disk.', { platformDiskID: platformDiskId('etcd') }),
    swap: obj('Settings of a swap disk.', { platformDiskID: platformDiskId('swap') }),
    userDefined: obj('Settings of a user-defined disk.', {
      platformDiskID: platformDiskId('the data'),
      mountPath: str('Where the disk is mounted on the node.'),
    }),
  }),
);

function machinePool(description: string, name: KeySpec, replicas: KeySpec): KeySpec {
  return obj(description, {
    name,
    replicas,
    platform: poolPlatform(),
    hyperthreading: oneOf(
      'Whether simultaneous multithreading is on for the machines. Turning it off roughly halves the usable vCPUs, so size instance types for it.',
      { Enabled: 'Hyperthreading on (default).', Disabled: 'Hyperthreading off.' },
      { default: 'Enabled' },
    ),
    architecture: oneOf(
      'CPU architecture of the machines. It must match the release image (or the release must be multi-arch); on AWS only amd64 and arm64 are accepted, and compute pools must match the control plane.',
      {
        amd64: 'x86_64 machines (default).',
        arm64: 'AArch64 machines, e.g. AWS Graviton instance types (m6g, m7g, ...).',
        ppc64le: 'IBM Power (little-endian). Not accepted on AWS.',
        s390x: 'IBM Z / LinuxONE. Not accepted on AWS.',
      },
      { default: 'amd64' },
    ),
    fencing,
    diskSetup,
    management: oneOf(
      'Which API manages the machines after installation. On AWS, ClusterAPI is only for compute pools and needs the ClusterAPIMachineManagementAWS feature gate.',
      {
        ClusterAPI: 'Machines are managed by Cluster API.',
        MachineAPI: 'Machines are managed by the Machine API (MachineSets).',
      },
    ),
  });
}

const controlPlane = machinePool(
  'The control plane machines (masters). When left out, the installer makes three on the platform\'s default instance type.',
  oneOf(
    'Name of the control plane pool. The installer always uses `master` here, whatever is written.',
    { master: 'The only control plane pool name.' },
    { default: 'master' },
  ),
  int('How many control plane machines to create: 3 for a highly available cluster, 1 for single-node OpenShift, 2 with an arbiter or fencing. Must be positive.', {
    default: '3',
  }),
);

const arbiter = machinePool(
  'The arbiter machine pool of a two-node-plus-arbiter cluster (bare metal, external or none platforms). It needs at least two control plane replicas.',
  oneOf('Name of the arbiter pool; the installer always uses `arbiter`.', { arbiter: 'The only arbiter pool name.' }, { default: 'arbiter' }),
  int('How many arbiter machines to create; must be positive for the arbiter to be enabled.', { default: '0' }),
);

const computePool = machinePool(
  'One pool of compute machines.',
  oneOf(
    'Name of the pool. The installer accepts only these names; any other stops it.',
    {
      worker: 'The regular compute pool.',
      edge: 'Compute machines in AWS Local Zones or Wavelength Zones, placed in subnets with the EdgeNode role.',
    },
    { required: true },
  ),
  int('How many machines to create in this pool; 0 is allowed (e.g. compact three-node clusters). Must not be negative.', { default: '3 (0 for edge)' }),
);

// ---------------------------------------------------------------------------
// platform.aws

const SUBNET_ROLES: Record<string, string> = {
  ClusterNode: 'Control plane and compute nodes run in this subnet.',
  EdgeNode: 'Edge compute nodes run in this subnet (Local or Wavelength Zone). Cannot be combined with other roles.',
  BootstrapNode: 'The temporary bootstrap machine runs in this subnet.',
  IngressControllerLB: 'The default router\'s load balancer is placed in this subnet (at most 10 such subnets).',
  ControlPlaneExternalLB: 'The public API load balancer is placed in this subnet. Not allowed with `publish: Internal`, nor together with ControlPlaneInternalLB on one subnet.',
  ControlPlaneInternalLB: 'The internal API load balancer is placed in this subnet.',
};

const awsServiceEndpoint = obj('A replacement endpoint for one AWS service.', {
  name: str(
    'The AWS service whose endpoint is replaced, by its endpoint prefix (e.g. `ec2`, `elasticloadbalancing`, `iam`, `route53`, `s3`, `sts`, `tagging`, `servicequotas`, `kms`). Each service may appear only once.',
    { required: true },
  ),
  url: str(
    'The endpoint to use instead of the default one: an https URL with a host and no path or query. Anything else makes the installer stop.',
    { required: true, pattern: '^https://[^\\s/?#]+/?$', patternHint: 'an https:// URL with only a host, like https://ec2.us-east-1.amazonaws.com' },
  ),
});

const awsPlatform = obj('Settings for installing on Amazon Web Services.', {
  region: str(
    'The AWS region the cluster is created in, e.g. `us-east-1`. Every zone, AMI, KMS key, subnet and endpoint given elsewhere must belong to it; `eusc-` regions also need the AWSEuropeanSovereignCloudInstall feature gate.',
    { required: true },
  ),
  vpc: obj('Install into an existing VPC instead of having the installer create one.', {
    subnets: arr(
      'The existing subnets to use (the VPC is found from them). Either give roles to every subnet or to none; with roles, ClusterNode, BootstrapNode, IngressControllerLB, ControlPlaneInternalLB and (unless `publish: Internal`) ControlPlaneExternalLB must each be on at least one subnet.',
      obj('One existing subnet and, optionally, what the cluster uses it for.', {
        id: str('Id of an existing subnet in the cluster region. Ids must be unique in the list.', { required: true, ...SUBNET_ID }),
        roles: arr(
          'What the cluster uses this subnet for; at most five, each at most once. Leave out on every subnet to let the installer decide from the subnets\' route tables.',
          obj('One role of the subnet.', {
            type: oneOf('The role.', SUBNET_ROLES, { required: true }),
          }),
        ),
      }),
    ),
  }),
  subnets: arr('Existing subnet ids to install into (old form).', str('Id of an existing subnet in the cluster region.', SUBNET_ID), {
    deprecated: 'the installer converts it to `platform.aws.vpc.subnets` (ids without roles) and refuses the file if both are given; write `vpc: {subnets: [{id: ...}]}` instead.',
  }),
  hostedZone: str(
    'Id of an existing private Route 53 hosted zone for the cluster\'s records, e.g. `Z0123456789ABCDEFGHIJ`. Only with existing subnets, and the zone must be associated with their VPC.',
  ),
  hostedZoneRole: str(
    'ARN of an IAM role the installer assumes to change `hostedZone` when that zone belongs to another account (shared VPC). Needs `hostedZone`, and `credentialsMode` Passthrough or Manual.',
    { pattern: `^arn:${ARN_PARTITION}:iam::\\d{12}:role/.+$`, patternHint: 'an IAM role ARN like arn:aws:iam::123456789012:role/shared-zone-editor' },
  ),
  userTags: stringMap(
    'Tags the installer adds to every AWS resource it creates, at most 25 (only 8 reach the bootstrap S3 object). Keys `Name`, `kubernetes.io/…` and `openshift.io/…` are refused, and values must not be empty.',
    str('The tag value: 1 to 256 letters, digits, spaces or `_ . : / = + - @`.', {
      pattern: '^[0-9A-Za-z_.:/=+,;<>?@ -]{1,256}$',
      patternHint: '1 to 256 letters, digits, spaces or _ . : / = + - @',
    }),
  ),
  propagateUserTags: bool('Also have the cluster\'s operators put `userTags` on the AWS resources they create later (volumes, load balancers, ...).', {
    default: 'false',
  }),
  serviceEndpoints: arr(
    'Custom endpoints for AWS services, for private (VPC endpoint) or special-region installs. A wrong endpoint shows up as timeouts or signature errors during the install.',
    awsServiceEndpoint,
  ),
  defaultMachinePlatform: obj(
    'AWS machine settings applied to every pool (control plane, compute, edge) for the values the pool does not set itself.',
    awsMachinePool.properties!,
  ),
  amiID: str('AMI for all machines of the cluster (old form).', {
    pattern: '^ami-[0-9a-f]+$',
    patternHint: 'an AMI id like ami-0123456789abcdef0',
    deprecated: 'the installer copies it to `platform.aws.defaultMachinePlatform.amiID` when that is empty; set it there instead.',
  }),
  lbType: oneOf(
    'Load balancer type for the ingress controllers (the default router and any created later).',
    {
      Classic: 'Classic Load Balancer (default for IPv4 clusters). Not allowed with a dual-stack `ipFamily`.',
      NLB: 'Network Load Balancer (default for dual-stack clusters).',
    },
    { default: 'Classic (NLB when ipFamily is dual-stack)' },
  ),
  bestEffortDeleteIgnition: bool(
    'Do not fail the install when the bootstrap ignition objects cannot be deleted from S3 (e.g. an SCP forbids deletion). The objects then stay behind.',
    { default: 'false' },
  ),
  preserveBootstrapIgnition: bool('Keep going when the bootstrap ignition in S3 cannot be deleted (old name).', {
    deprecated: 'the installer reads it as `bestEffortDeleteIgnition`; use that key instead.',
  }),
  publicIpv4Pool: str('Id of a BYOIP public IPv4 pool to take the cluster\'s public addresses from. The pool must have enough free addresses, or the install fails.', {
    pattern: '^ipv4pool-ec2-[0-9a-f]+$',
    patternHint: 'a public IPv4 pool id like ipv4pool-ec2-0123456789abcdef0',
  }),
  userProvisionedDNS: oneOf(
    'Whether the cluster\'s DNS records are provided by the user instead of Route 53. Enabled needs the AWSClusterHostedDNSInstall feature gate.',
    {
      Enabled: 'The installer creates no Route 53 records; the user serves api, api-int and *.apps.',
      Disabled: 'The installer manages the DNS records in Route 53 (default).',
    },
    { default: 'Disabled' },
  ),
  ipFamily: oneOf(
    'IP families of the cluster network. Dual-stack needs the AWSDualStackInstall feature gate, a VPC with IPv6 CIDRs, and IPv6 entries in `networking`.',
    {
      IPv4: 'IPv4 only (default).',
      DualStackIPv4Primary: 'IPv4 and IPv6, IPv4 first.',
      DualStackIPv6Primary: 'IPv4 and IPv6, IPv6 first.',
    },
    { default: 'IPv4' },
  ),
});

function clusterPlatform(): KeySpec {
  const properties: Record<string, KeySpec> = { aws: awsPlatform };
  for (const [name, description] of Object.entries(OTHER_CLUSTER_PLATFORMS)) properties[name] = opaque(description);
  return obj(
    'Where the cluster is installed. Exactly one platform block must be given; two, or none, make the installer stop.',
    properties,
    { required: true },
  );
}

// ---------------------------------------------------------------------------
// networking

const clusterNetworkEntry = obj('One address pool for pods.', {
  cidr: cidr('The pod address pool. It must not overlap the machine or service networks, nor the OVN-Kubernetes internal ranges.', { required: true }),
  hostPrefix: int('Prefix length of the block each node gets from `cidr` (23 gives a node 512 pod addresses). It must not be smaller than the prefix of `cidr`, and must be 64 for IPv6.', {
    default: '23',
  }),
  hostSubnetLength: int('Size of each node\'s block as a number of host bits (old form).', {
    deprecated: 'the installer turns it into `hostPrefix`; write `hostPrefix` (address bits minus this value) instead.',
  }),
});

const networking = obj(
  'Address ranges and network plugin of the cluster. Left out, the installer uses 10.0.0.0/16 for machines, 10.128.0.0/14 (/23 per node) for pods and 172.30.0.0/16 for services.',
  {
    networkType: str('The cluster network plugin. OVNKubernetes is the default; OpenShiftSDN and Kuryr are refused by current installers.', { default: 'OVNKubernetes' }),
    machineNetwork: arr(
      'Address ranges of the machines. With existing subnets they must contain the subnets\' CIDRs, or the nodes cannot reach each other as expected.',
      obj('One machine address range.', { cidr: cidr('A machine address range, usually the VPC CIDR.', { required: true }) }),
      { default: '[{cidr: 10.0.0.0/16}]' },
    ),
    clusterNetwork: arr('Address pools for pods.', clusterNetworkEntry, { default: '[{cidr: 10.128.0.0/14, hostPrefix: 23}]' }),
    serviceNetwork: arr(
      'Address range for Kubernetes services: one entry, or two (one IPv4, one IPv6) for dual-stack. It must not overlap the machine or pod networks.',
      cidr('A service address range.'),
      { default: '[172.30.0.0/16]' },
    ),
    clusterNetworkMTU: int(
      'MTU of the pod overlay network in bytes. Only allowed on AWS, between 1000 and 8901 with OVN-Kubernetes (lower for edge pools); unset computes it from the host network.',
    ),
    ovnKubernetesConfig: obj('OVN-Kubernetes settings; only with `networkType: OVNKubernetes`.', {
      ipv4: obj('IPv4 settings of OVN-Kubernetes.', {
        internalJoinSubnet: cidr(
          'IPv4 range OVN-Kubernetes uses internally between nodes (default 100.64.0.0/16). Change it only if that range is already used on your network; it must hold one address per node and cannot be changed after install.',
        ),
      }),
    }),
    machineCIDR: cidr('A single machine address range (old form).', { deprecated: 'use `networking.machineNetwork: [{cidr: ...}]` instead.' }),
    type: str('Network plugin (old name).', { deprecated: 'use `networking.networkType` instead.' }),
    serviceCIDR: cidr('The service address range (old form).', { deprecated: 'use `networking.serviceNetwork: [...]` instead.' }),
    clusterNetworks: arr('Pod address pools (old name).', clusterNetworkEntry, { deprecated: 'use `networking.clusterNetwork` instead.' }),
  },
);

// ---------------------------------------------------------------------------
// Mirrors

function mirrorEntry(withPolicy: boolean): KeySpec {
  const properties: Record<string, KeySpec> = {
    source: str('The repository images are referred to by, e.g. `quay.io/openshift-release-dev/ocp-release`.', { required: true }),
    mirrors: arr('Repositories holding copies of the same images, tried in order. Their registries need credentials in `pullSecret`.', str('A mirror repository.')),
  };
  if (withPolicy) {
    properties.sourcePolicy = oneOf(
      'What happens when no mirror has the image. Needs at least one mirror.',
      {
        NeverContactSource: 'Fail the pull instead of going to the source (fully disconnected).',
        AllowContactingSource: 'Fall back to the source repository (default).',
      },
    );
  }
  return obj('One source repository and its mirrors.', properties);
}

// ---------------------------------------------------------------------------
// Small top-level blocks

const ADDITIONAL_CAPABILITIES: Record<string, string> = {
  'openshift-samples': 'Sample image streams and templates in the openshift namespace.',
  baremetal: 'The bare metal operator (metal3). Needed on the baremetal platform.',
  marketplace: 'Default OperatorHub catalogs. Needs OperatorLifecycleManager.',
  Console: 'The web console.',
  Insights: 'The Insights operator (anonymized health reports).',
  Storage: 'The cluster storage operator and default storage classes.',
  CSISnapshot: 'The CSI volume snapshot controller.',
  NodeTuning: 'The Node Tuning Operator (TuneD).',
  MachineAPI: 'Machine API, autoscaler and control plane machine set operators. Disable only per the documentation.',
  Build: 'The Build and BuildConfig APIs.',
  DeploymentConfig: 'The DeploymentConfig API.',
  ImageRegistry: 'The internal image registry.',
  OperatorLifecycleManager: 'Operator Lifecycle Manager (classic OLM).',
  OperatorLifecycleManagerV1: 'Operator Lifecycle Manager v1.',
  CloudCredential: 'The Cloud Credential Operator, which turns CredentialsRequests into Secrets (including the STS Secrets of Manual mode). Can only be disabled on bare metal and none platforms.',
  Ingress: 'The ingress operator and routers. Cannot be disabled.',
  CloudControllerManager: 'Cloud controller managers. Can only be disabled on bare metal, none and external platforms.',
  CompatibilityRequirements: 'The CRD compatibility requirements operator (feature-gated).',
  ClusterAPI: 'The Cluster API operator (feature-gated).',
};

const capabilities = obj('Which optional core components are installed.', {
  baselineCapabilitySet: oneOf(
    'The starting set of optional components, extended by `additionalEnabledCapabilities`. A component left out cannot easily be added back on some versions.',
    {
      None: 'No optional components; list each wanted one in `additionalEnabledCapabilities` (Ingress is always required).',
      'v4.11': 'The components that existed in OpenShift 4.11.',
      'v4.12': 'The components that existed in OpenShift 4.12.',
      'v4.13': 'The components that existed in OpenShift 4.13.',
      'v4.14': 'The components that existed in OpenShift 4.14.',
      'v4.15': 'The components that existed in OpenShift 4.15.',
      'v4.16': 'The components that existed in OpenShift 4.16.',
      'v4.17': 'The components that existed in OpenShift 4.17.',
      'v4.18': 'The components that existed in OpenShift 4.18.',
      vCurrent: 'All components of the release being installed, now and after upgrades (default).',
    },
    { default: 'vCurrent' },
  ),
  additionalEnabledCapabilities: arr(
    'Components to enable on top of the baseline set.',
    oneOf('An optional component.', ADDITIONAL_CAPABILITIES),
  ),
});

const signerKey = obj('Key parameters of the installer\'s signing certificates.', {
  algorithm: oneOf(
    'The key algorithm; the block of the same name (`rsa` or `ecdsa`) must be given with it.',
    { RSA: 'RSA keys; set `rsa.keySize`.', ECDSA: 'Elliptic-curve keys; set `ecdsa.curve`.' },
    { required: true },
  ),
  rsa: obj('RSA key settings; only with `algorithm: RSA`.', {
    keySize: int('RSA key size in bits: a multiple of 1024 from 2048 to 8192.', { required: true }),
  }),
  ecdsa: obj('ECDSA key settings; only with `algorithm: ECDSA`.', {
    curve: oneOf('The NIST curve.', { P256: 'NIST P-256.', P384: 'NIST P-384.', P521: 'NIST P-521.' }, { required: true }),
  }),
});

const objectMetaIgnored = (what: string, spec: KeySpec): KeySpec => ({ ...spec, description: `${what} Accepted by the parser; the installer ignores it.` });

const metadata = obj('Kubernetes-style object metadata. Only `name` matters to the installer.', {
  name: str(
    'The cluster name: a lower-case DNS name of at most 54 characters (letters, digits, `-`, `.`). It forms the cluster domain `<name>.<baseDomain>` and the start of the infrastructure id that names the AWS resources; ccoctl\'s `--name` is usually the same value.',
    {
      required: true,
      pattern: '^(?=.{1,54}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$',
      patternHint: 'a lower-case DNS name of at most 54 characters such as my-cluster (letters, digits, - and .)',
    },
  ),
  namespace: objectMetaIgnored('A namespace.', str('')),
  labels: objectMetaIgnored('Labels.', stringMap('', str('A label value.'))),
  annotations: objectMetaIgnored('Annotations.', stringMap('', str('An annotation value.'))),
  generateName: objectMetaIgnored('A name prefix.', str('')),
  uid: objectMetaIgnored('An object uid.', str('')),
  resourceVersion: objectMetaIgnored('A resource version.', str('')),
  generation: objectMetaIgnored('A generation number.', int('')),
  selfLink: objectMetaIgnored('A self link.', str('')),
  creationTimestamp: objectMetaIgnored('A creation time.', str('')),
  deletionTimestamp: objectMetaIgnored('A deletion time.', str('')),
  deletionGracePeriodSeconds: objectMetaIgnored('A deletion grace period.', int('')),
  ownerReferences: objectMetaIgnored('Owner references.', arr('', anything('An owner reference.'))),
  finalizers: objectMetaIgnored('Finalizers.', arr('', str('A finalizer.'))),
  managedFields: objectMetaIgnored('Server-side apply bookkeeping.', arr('', anything('A managed fields entry.'))),
});

// ---------------------------------------------------------------------------
// The root

export const installConfigSchema: KeySpec = obj('The OpenShift installer configuration (`install-config.yaml`), read by `openshift-install create ...`.', {
  apiVersion: oneOf('Version of the install-config format. Missing or any other value stops the installer.', { v1: 'The only install-config version.' }, { required: true }),
  kind: str('Object kind. Accepted and ignored by the installer (some tools write `InstallConfig`).'),
  metadata,
  baseDomain: str(
    'The parent DNS domain of the cluster; records are made under `<metadata.name>.<baseDomain>`. On AWS a public Route 53 hosted zone for it must exist in the account (unless `publish: Internal`), or the install stops.',
    {
      required: true,
      pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\\.?$',
      patternHint: 'a lower-case domain name such as example.com',
    },
  ),
  additionalTrustBundle: str(
    'PEM certificates added to the nodes\' trust store, e.g. for a TLS-inspecting proxy or a mirror registry. Anything that is not a sequence of valid certificates is refused.',
  ),
  additionalTrustBundlePolicy: oneOf(
    'When `additionalTrustBundle` is added to the cluster-wide trust.',
    {
      Proxyonly: 'Only when a proxy is configured (default). Note the lower-case "o".',
      Always: 'Always, proxy or not.',
    },
    { default: 'Proxyonly' },
  ),
  sshKey: str(
    'Public SSH key(s), one per line, allowed to log in as `core` on every node. Optional on AWS; with `fips: true` only RSA and ECDSA keys are accepted.',
    {
      pattern: '(^|\\s)(ssh-[a-z0-9]+|ecdsa-sha2-nistp\\d+|sk-[a-z0-9-]+@openssh\\.com)(-cert-v01@openssh\\.com)?\\s+AAAA',
      patternHint: 'an OpenSSH public key line such as "ssh-ed25519 AAAA... user@host" (the .pub file\'s content, not its path)',
    },
  ),
  controlPlane,
  arbiter,
  compute: arr('The compute machine pools. A `worker` pool is added when none is given.', computePool, { default: '[{name: worker, replicas: 3}]' }),
  networking,
  platform: clusterPlatform(),
  pullSecret: str(
    'JSON of registry credentials for pulling OpenShift images, from console.redhat.com. Keep it in single quotes: unquoted, YAML reads it as a mapping and the installer refuses the file.',
    { required: true, secret: true, nonEmpty: 'the installer parses it as JSON of registry credentials and refuses the file' },
  ),
  proxy: obj('Cluster-wide egress proxy. At least one of `httpProxy` and `httpsProxy` is required.', {
    httpProxy: str('Proxy URL for plain HTTP requests; the scheme must be `http`.', { pattern: '^http://\\S+$', patternHint: 'an http:// URL' }),
    httpsProxy: str('Proxy URL for HTTPS requests; the scheme must be `http` or `https`.', { pattern: '^https?://\\S+$', patternHint: 'an http:// or https:// URL' }),
    noProxy: str(
      'Comma-separated domains, IPs and CIDRs that bypass the proxy, or `*`. No spaces and no wildcards; leave STS and other AWS endpoints out only if the proxy may reach them.',
      { pattern: '^\\S*$', patternHint: 'a comma-separated list without spaces, e.g. .example.com,10.0.0.0/16' },
    ),
  }),
  imageContentSources: arr('Mirrors for release images (old form).', mirrorEntry(false), {
    deprecated: 'use `imageDigestSources`; the two cannot be given together.',
  }),
  imageDigestSources: arr('Mirror repositories for release images pulled by digest, for disconnected or mirrored installs.', mirrorEntry(true)),
  publish: oneOf(
    'How the cluster\'s API and routes are exposed.',
    {
      External: 'Public API and ingress endpoints (default).',
      Internal: 'Endpoints only reachable from the private network: no public load balancers or public DNS zone records.',
      Mixed: 'API and ingress exposed separately through `operatorPublishingStrategy`. Azure only: refused on AWS.',
    },
    { default: 'External' },
  ),
  operatorPublishingStrategy: obj('Per-endpoint exposure for `publish: Mixed` (Azure only); refused with any other publish value.', {
    ingress: oneOf('Exposure of the default ingress.', { External: 'Public (default).', Internal: 'Private.' }, { default: 'External' }),
    apiserver: oneOf('Exposure of the API server.', { External: 'Public (default).', Internal: 'Private.' }, { default: 'External' }),
  }),
  fips: bool('Run the cluster in FIPS mode. Needs a FIPS-enabled host to run the installer, and limits `sshKey` to RSA or ECDSA; it cannot be changed after install.', {
    default: 'false',
  }),
  cpuPartitioningMode: oneOf(
    'Whether nodes are prepared for CPU workload partitioning. Set at install time only.',
    { None: 'No CPU partitioning (default).', AllNodes: 'Every node is set up for CPU partitioning.' },
    { default: 'None' },
  ),
  credentialsMode: oneOf(
    'How the Cloud Credential Operator gives cluster components their AWS credentials. Any value set here also skips the installer\'s check of its own permissions.',
    {
      '': 'Not set: the operator picks Mint or Passthrough from what the installer\'s credentials can do.',
      Mint: 'The operator creates an IAM user with its own long-lived access key for each component, using the admin credentials stored in the cluster.',
      Passthrough: 'Every component gets a copy of the installer\'s own credentials, which must hold all the permissions the components need.',
      Manual:
        'The operator creates no credentials. For STS, run `ccoctl aws create-all`, copy its `manifests/` and `tls/` into the install directory: each component then assumes its own IAM role with short-lived web-identity tokens.',
    },
  ),
  bootstrapInPlace: obj('Single-node install where the only node bootstraps itself (no separate bootstrap machine).', {
    installationDisk: str('The disk coreos-installer writes to, e.g. `/dev/nvme0n1`.', { required: true }),
  }),
  capabilities,
  featureSet: oneOf(
    'Extra feature gates to turn on. Any value other than the default cannot be undone and blocks upgrades.',
    {
      '': 'The default, supported set of features.',
      TechPreviewNoUpgrade: 'Adds Technology Preview features. Cannot be undone; the cluster can no longer be upgraded.',
      DevPreviewNoUpgrade: 'Adds Developer Preview features. Cannot be undone; the cluster can no longer be upgraded.',
      CustomNoUpgrade: 'Exactly the gates listed in `featureGates`. Unsupported; cannot be undone; blocks upgrades.',
      OKD: 'The OKD feature set. Only accepted by OKD (SCOS) installers; the OpenShift installer refuses it.',
    },
    { default: '""' },
  ),
  featureGates: arr(
    'Feature gates to switch, as `Name=true` or `Name=false`. Only allowed with `featureSet: CustomNoUpgrade`.',
    str('One feature gate setting.', {
      pattern: '^[^=\\s]+=(1|t|T|TRUE|true|True|0|f|F|FALSE|false|False)$',
      patternHint: 'FeatureGateName=true or FeatureGateName=false',
    }),
  ),
  osImageStream: oneOf(
    'The operating system stream for all nodes.',
    {
      'rhel-9': 'RHCOS based on RHEL 9.',
      'rhel-10': 'RHCOS based on RHEL 10.',
      'centos-10': 'CentOS Stream CoreOS 10. Only accepted by OKD (SCOS) installers.',
    },
  ),
  pki: obj('Key algorithm of the certificate authorities the installer creates. Needs the ConfigurablePKI feature gate.', {
    signerCertificates: obj('Settings for all installer-created signer (CA) certificates.', { key: signerKey }, { required: true }),
  }),
});
