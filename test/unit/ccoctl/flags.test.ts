import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { REQUIRED } from '../../../server/src/awsProtocol';
import { flagOf } from '../../../server/src/ccoctl/actions';
import { switchValues } from '../../../server/src/cli/args';
import { optionsOf, SUBCOMMANDS } from '../../../server/src/cli/awsFlags';
import { aws, CREDREQUESTS, listFiles, TEST_KEY, tempDir } from './ccoctlHelpers';

const PROVIDER = 'arn:aws:iam::123456789012:oidc-provider/demo-oidc.s3.us-east-2.amazonaws.com';

/**
 * ccoctl's flags per subcommand, as its cobra commands declare them
 * (PersistentFlags().StringVar/BoolVar) in NewCreateKeyPairCmd,
 * NewCreateIdentityProviderCmd, NewCreateIAMRolesCmd, NewCreateAllCmd and
 * NewDeleteCmd; `required` are those MarkPersistentFlagRequired names.
 */
const CCOCTL: Record<string, { flags: string[]; required: string[] }> = {
  'create-key-pair': { flags: ['output-dir'], required: [] },
  'create-identity-provider': { flags: ['name', 'region', 'public-key-file', 'dry-run', 'output-dir', 'create-private-s3-bucket'], required: ['name', 'region'] },
  'create-iam-roles': {
    flags: ['name', 'credentials-requests-dir', 'identity-provider-arn', 'permissions-boundary-arn', 'region', 'dry-run', 'output-dir', 'enable-tech-preview'],
    required: ['name', 'credentials-requests-dir', 'identity-provider-arn'],
  },
  'create-all': {
    flags: ['name', 'region', 'permissions-boundary-arn', 'credentials-requests-dir', 'output-dir', 'enable-tech-preview', 'create-private-s3-bucket', 'dry-run', 'public-key-file'],
    required: ['name', 'region', 'credentials-requests-dir'],
  },
  delete: { flags: ['name', 'region'], required: ['name', 'region'] },
};
/** What sts-lens adds to ccoctl's flags, per subcommand (README marks them with *). */
const OURS: Record<string, string[]> = {
  'create-key-pair': [],
  'create-identity-provider': ['account-id'],
  'create-iam-roles': ['update-trust-policy'],
  'create-all': ['account-id', 'update-trust-policy'],
  delete: ['dry-run'],
};

describe('sts-lens aws: each subcommand takes only its own flags (ccoctl NewCreate*Cmd / NewDeleteCmd)', function () {
  this.timeout(30_000);

  it("accepts exactly ccoctl's flags plus ours, and requires what ccoctl's MarkPersistentFlagRequired does", () => {
    for (const [sub, ccoctl] of Object.entries(CCOCTL)) {
      const accepted = Object.keys(optionsOf(sub)).filter((f) => f !== 'help');
      assert.deepStrictEqual(accepted.sort(), [...ccoctl.flags, ...OURS[sub]].sort(), sub);
      const required = SUBCOMMANDS[sub].flags.filter((f) => f.required).map((f) => f.flag);
      assert.deepStrictEqual(required.sort(), [...ccoctl.required].sort(), sub);
      // The planner's own check (validateInputs) requires the same.
      assert.deepStrictEqual(REQUIRED[sub as keyof typeof REQUIRED].map(flagOf).sort(), [...ccoctl.required].sort(), sub);
    }
  });

  it("refuses another subcommand's flag, naming the flags it takes; a typo still gets the nearest", async () => {
    const cases: Array<[string[], string]> = [
      [['delete', '--name', 'x', '--region', 'us-east-1', '--output-dir', 'out'], 'sts-lens aws delete: --output-dir is not a flag of delete (its flags: --name, --region, --dry-run)'],
      [['create-key-pair', '--dry-run'], 'sts-lens aws create-key-pair: --dry-run is not a flag of create-key-pair (its flags: --output-dir)'],
      [['create-iam-roles', '--account-id', '123456789012'], 'sts-lens aws create-iam-roles: --account-id is not a flag of create-iam-roles (its flags: --name, --credentials-requests-dir, --identity-provider-arn, --permissions-boundary-arn, --region, --output-dir, --enable-tech-preview, --dry-run, --update-trust-policy)'],
      [['create-identity-provider', '--credentials-requests-dir=x'], 'sts-lens aws create-identity-provider: --credentials-requests-dir is not a flag of create-identity-provider (its flags: --name, --region, --public-key-file, --output-dir, --create-private-s3-bucket, --dry-run, --account-id)'],
      [['create-all', '--ouput-dir', 'x'], 'sts-lens aws create-all: unknown option --ouput-dir (did you mean --output-dir?)'],
      [['create-all', '--dry-run=yes'], 'sts-lens aws create-all: --dry-run=yes: --dry-run is a switch; give it alone, or =true or =false'],
      [['--name', 'x', 'delete', '--output-dir', 'o'], 'sts-lens aws delete: --output-dir is not a flag of delete (its flags: --name, --region, --dry-run)'],
    ];
    for (const [args, first] of cases) {
      const { code, stdout, stderr } = await aws(args, '/');
      assert.strictEqual(code, 2, args.join(' '));
      assert.strictEqual(stderr.split('\n')[0], first, args.join(' '));
      assert.ok(stderr.includes(`\n\nUsage: sts-lens aws ${args.find((a) => a in CCOCTL)} `), 'the subcommand usage follows');
      assert.strictEqual(stdout, '');
    }
  });

  it('takes --dry-run=true like --dry-run (cobra BoolVar parses the value with strconv.ParseBool)', async () => {
    const plain = tempDir();
    const valued = tempDir();
    for (const dir of [plain, valued]) fs.copyFileSync(TEST_KEY, path.join(dir, 'serviceaccount-signer.private'));
    const a = await aws(['create-all', '--dry-run', '--name', 'demo', '--region', 'us-east-2', '--credentials-requests-dir', CREDREQUESTS, '--output-dir', plain], '/');
    const b = await aws(['create-all', '--dry-run=true', '--name', 'demo', '--region', 'us-east-2', '--credentials-requests-dir', CREDREQUESTS, '--output-dir', valued], '/');
    assert.strictEqual(b.code, 0, b.stderr);
    assert.strictEqual(a.code, 0, a.stderr);
    assert.deepStrictEqual(listFiles(valued), listFiles(plain));
    assert.ok(listFiles(valued).includes('03-keys.json'));
    assert.strictEqual(b.stdout.replaceAll(valued, 'OUT'), a.stdout.replaceAll(plain, 'OUT'));
  });

  it('takes --enable-tech-preview=false as no switch, and the last of several wins', async () => {
    const run = async (...switches: string[]) => {
      const out = tempDir();
      const { code, stderr } = await aws(['create-iam-roles', '--dry-run', ...switches, '--name', 'demo', '--credentials-requests-dir', CREDREQUESTS, '--identity-provider-arn', PROVIDER, '--output-dir', out], '/');
      assert.strictEqual(code, 0, stderr);
      return listFiles(out).filter((f) => f.includes('openshift-preview'));
    };
    const previewFiles = ['05-2-demo-openshift-preview-preview-credentials-role.json', '06-2-demo-openshift-preview-preview-credentials-policy.json', 'manifests/openshift-preview-preview-credentials-credentials.yaml'];
    assert.deepStrictEqual(await run('--enable-tech-preview=false'), []);
    assert.deepStrictEqual(await run('--enable-tech-preview=True'), previewFiles);
    assert.deepStrictEqual(await run('--enable-tech-preview', '--enable-tech-preview=0'), []);
    assert.deepStrictEqual(await run('--enable-tech-preview=f', '--enable-tech-preview'), previewFiles);
  });

  it('rewrites only switches, never a value that looks like one', () => {
    const options = { 'dry-run': { type: 'boolean' }, name: { type: 'string' } } as const;
    assert.deepStrictEqual(switchValues(['--name=--dry-run=false', '--dry-run=1', 'x'], options), ['--name=--dry-run=false', '--dry-run', 'x']);
    assert.deepStrictEqual(switchValues(['--dry-run', '--', '--dry-run=false'], options), ['--dry-run', '--', '--dry-run=false']);
  });

  it('prints the subcommand usage with --help: usage line, flags (required, defaults) and an example', async () => {
    const { code, stdout, stderr } = await aws(['create-iam-roles', '--help'], '/');
    assert.strictEqual(code, 0);
    assert.strictEqual(stderr, '');
    const lines = stdout.split('\n');
    assert.strictEqual(lines[0], 'Usage: sts-lens aws create-iam-roles --name <name> --credentials-requests-dir <dir> --identity-provider-arn <arn> [options]');
    assert.ok(lines.includes('  --identity-provider-arn <arn>     the IAM OIDC identity provider the roles trust (required)'), stdout);
    assert.ok(lines.includes('  --output-dir <dir>                where files go (default: current directory)'), stdout);
    assert.ok(!stdout.includes('--account-id'));
    assert.strictEqual(lines[lines.indexOf('Example:') + 1], '  sts-lens aws create-iam-roles --name demo --credentials-requests-dir credrequests \\');
    for (const [sub, first] of [
      ['delete', 'Usage: sts-lens aws delete --name <name> --region <region> [options]'],
      ['create-key-pair', 'Usage: sts-lens aws create-key-pair [options]'],
      ['check-installer-credentials', 'Usage: sts-lens aws check-installer-credentials [--region <region>] [--format text|json]'],
      ['verify', 'Usage: sts-lens aws verify [paths...] [--region <region>] [--format text|json|sarif]'],
    ]) {
      const help = await aws([sub, '-h'], '/');
      assert.strictEqual(help.stdout.split('\n')[0], first);
      assert.match(help.stdout, /\nExample:\n {2}(AWS_PROFILE=installer )?sts-lens aws /);
    }
    const general = await aws(['--help'], '/');
    assert.match(general.stdout, /Each command takes only its own flags: sts-lens aws <command> --help lists them\./);
  });

  it('matches the README flags table', () => {
    const readme = fs.readFileSync(path.resolve(__dirname, '../../../../README.md'), 'utf8');
    const header = '| Flag | create-key-pair | create-identity-provider | create-iam-roles | create-all | delete |';
    const start = readme.indexOf(header);
    assert.ok(start >= 0, 'README has the flags table');
    const rows = readme.slice(start).split('\n').slice(2).filter((l) => l.startsWith('| `--'));
    const subs = header.split('|').map((c) => c.trim()).filter(Boolean).slice(1);
    const fromReadme: Record<string, string[]> = {};
    for (const row of rows) {
      const cells = row.split('|').slice(1, -1).map((c) => c.trim());
      const flag = /^`--([a-z0-9-]+)/.exec(cells[0])![1];
      cells.slice(1).forEach((cell, i) => {
        if (cell === '') return;
        (fromReadme[subs[i]] ??= []).push(`${flag}:${cell.startsWith('R') ? 'required' : 'optional'}${cell.endsWith('*') ? ':ours' : ''}`);
      });
    }
    for (const sub of subs) {
      const expected = SUBCOMMANDS[sub].flags.map((f) => `${f.flag}:${f.required ? 'required' : 'optional'}${OURS[sub].includes(f.flag) ? ':ours' : ''}`);
      assert.deepStrictEqual((fromReadme[sub] ?? []).sort(), expected.sort(), sub);
    }
  });
});
