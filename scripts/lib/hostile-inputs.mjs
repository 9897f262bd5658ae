// The hostile inputs of the unit tests (model/limits, cliHostile, wildcard) and
// the fuzzer's worst shapes, as folders `npm run bench` times through
// `sts-lens check`. Each entry: a name, its files, and extra CLI arguments.
const SA = (name) =>
  `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: ${name}\n  namespace: default\n  annotations:\n    eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/s3-echoer\n`;
const ISSUER = 'oidc.eks.ap-northeast-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE';
const INSTALL_CONFIG = [
  'apiVersion: v1',
  'baseDomain: example.com',
  'credentialsMode: Manual',
  'metadata:',
  '  name: demo',
  'platform:',
  '  aws:',
  '    region: ap-northeast-1',
  "pullSecret: '{}'",
  'publish: Externall',
  '',
].join('\n');
const keys = (n) => Array.from({ length: n }, (_, i) => `k${i}: v`).join('\n');

export const HOSTILE_INPUTS = [
  { name: 'JSON nested 3,000 deep', files: { 'deep.json': '['.repeat(3000) + ']'.repeat(3000) } },
  { name: 'YAML flow nested 3,000 deep', files: { 'deep.yaml': `apiVersion: v1\nkind: ConfigMap\ndata: ${'['.repeat(3000)}${']'.repeat(3000)}\n` } },
  { name: 'YAML block nested 300 deep', files: { 'block.yaml': Array.from({ length: 300 }, (_, i) => `${' '.repeat(i)}k:`).join('\n') + ' x\n' } },
  { name: 'alias bomb, 950 KB', files: { 'aliases.yaml': `a: &a x\nb:\n${'- *a\n'.repeat(190_000)}` } },
  { name: 'alias bomb with a syntax error', files: { 'broken.yaml': `a: &a x\nc: [\nb:\n${'- *a\n'.repeat(190_000)}` } },
  { name: 'merge keys bringing 2.7 M pairs', files: { 'merges.yaml': `a: &a {${Array.from({ length: 3000 }, (_, i) => `k${i}: v`).join(', ')}}\nb: {<<: [${Array(900).fill('*a').join(', ')}]}\n` } },
  { name: '40,000 keys, over 256 KB, with a syntax error', files: { 'big.yaml': `apiVersion: v1\n${keys(40_000)}\nbad: [\n` } },
  { name: '20,000 keys with a duplicate and a syntax error', files: { 'dup.yaml': `${keys(20_000)}\nk7: again\nbad: [\n` } },
  {
    name: 'ReDoS: StringLike sub ?*x40 against a 200-char name',
    files: {
      'sa.yaml': SA('a'.repeat(200)),
      's3-echoer-trust.json': JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Federated: `arn:aws:iam::123456789012:oidc-provider/${ISSUER}` },
            Action: 'sts:AssumeRoleWithWebIdentity',
            Condition: { StringLike: { [`${ISSUER}:sub`]: `system:serviceaccount:default:${'?*'.repeat(40)}z`, [`${ISSUER}:aud`]: 'sts.amazonaws.com' } },
          },
        ],
      }),
    },
  },
  {
    name: 'ReDoS: IAM action s3:?*x40Z in a 5,000-action policy',
    files: {
      'policy.json': JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: [`s3:${'?*'.repeat(40)}Z`, ...Array.from({ length: 5000 }, (_, i) => `s3:${'a'.repeat(50)}${i}`)], Resource: '*' }],
      }),
    },
  },
  { name: '1 MiB install-config (with --max-file-size 2m)', files: { 'install-config.yaml': `${INSTALL_CONFIG}# ${'x'.repeat(1024 * 1024)}\n` }, args: ['--max-file-size', '2m'] },
  { name: '1 MiB of ServiceAccounts in one file (4,300 documents)', files: { 'many.yaml': Array.from({ length: 4300 }, (_, i) => SA(`app-${i}`)).join('---\n') }, args: ['--max-file-size', '2m'] },
];
