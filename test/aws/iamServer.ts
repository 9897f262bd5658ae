import * as http from 'http';
import { AddressInfo } from 'net';

/**
 * A small stand-in for IAM (and STS GetCallerIdentity) on 127.0.0.1, speaking
 * the AWS Query protocol the SDK uses: form-encoded requests, XML answers and
 * IAM's error codes. It records every call so tests can assert what was asked,
 * with which parameters, and in which order.
 */
export const ACCOUNT = '123456789012';

export interface Call {
  action: string;
  params: Record<string, string>;
}

interface Tag {
  Key: string;
  Value: string;
}

export interface FakeRole {
  name: string;
  /** IAM's path, `/` unless given; it is part of the ARN. */
  path?: string;
  arn: string;
  trust: string;
  description: string;
  tags: Tag[];
  boundary?: string;
  policies: Map<string, string>;
}

export interface FakePrincipal {
  attached: string[];
  inline: Map<string, string>;
}

export interface FakeProvider {
  arn: string;
  url: string;
  clientIds: string[];
  thumbprints: string[];
  tags: Tag[];
}

class IamError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const el = (name: string, value: string | undefined) => (value === undefined ? '' : `<${name}>${xmlEscape(value)}</${name}>`);
const members = (name: string, items: string[]) => `<${name}>${items.map((i) => `<member>${i}</member>`).join('')}</${name}>`;
const tagsXml = (tags: Tag[]) => members('Tags', tags.map((t) => `${el('Key', t.Key)}${el('Value', t.Value)}`));
const CREATED = '2024-01-02T03:04:05Z';

const MAX_BODY = 1024 * 1024;

export class FakeIam {
  readonly calls: Call[] = [];
  readonly roles = new Map<string, FakeRole>();
  readonly providers = new Map<string, FakeProvider>();
  /** Small pages, so that callers must follow Marker. */
  pageSize = 2;
  /** Who GetCallerIdentity says the caller is. */
  callerArn = `arn:aws:iam::${ACCOUNT}:user/installer`;
  /** Users and groups with their attached (ARNs) and inline (name -> document) policies; managed policies by ARN. */
  readonly users = new Map<string, FakePrincipal & { groups: string[] }>();
  readonly groups = new Map<string, FakePrincipal>();
  readonly roleAttached = new Map<string, string[]>();
  readonly managed = new Map<string, string>();
  /** When it returns a promise, the answer to that call waits for it (a slow IAM, for cancellation tests). */
  hold: ((call: Call) => Promise<void> | undefined) | undefined;
  private server: http.Server | undefined;
  url = '';

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
        // IAM's own limit on a request is far below this; a runaway client gets an answer, not our memory.
        if (body.length > MAX_BODY) {
          res.writeHead(413).end();
          req.destroy();
        }
      });
      req.on('end', () => void this.answer(body, res));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  /** Calls other than reads, as `Action name`: what changed AWS. */
  writes(): string[] {
    return this.calls.filter((c) => !/^(Get|List)/.test(c.action)).map((c) => `${c.action} ${c.params.RoleName ?? c.params.Url ?? c.params.OpenIDConnectProviderArn ?? ''}`.trim());
  }

  addRole(role: Omit<FakeRole, 'arn' | 'policies'> & { policies?: Map<string, string> }): void {
    this.roles.set(role.name, { ...role, arn: `arn:aws:iam::${ACCOUNT}:role${role.path ?? '/'}${role.name}`, policies: role.policies ?? new Map() });
  }

  private async answer(body: string, res: http.ServerResponse): Promise<void> {
    const params = Object.fromEntries(new URLSearchParams(body));
    const action = params.Action ?? '';
    delete params.Action;
    delete params.Version;
    this.calls.push({ action, params });
    const held = this.hold?.({ action, params });
    if (held) await held;
    try {
      const result = this.dispatch(action, params);
      const ns = action === 'GetCallerIdentity' ? 'https://sts.amazonaws.com/doc/2011-06-15/' : 'https://iam.amazonaws.com/doc/2010-05-08/';
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(`<${action}Response xmlns="${ns}"><${action}Result>${result}</${action}Result><ResponseMetadata><RequestId>req-${this.calls.length}</RequestId></ResponseMetadata></${action}Response>`);
    } catch (error) {
      const e = error instanceof IamError ? error : new IamError(500, 'ServiceFailure', (error as Error).message);
      res.writeHead(e.status, { 'content-type': 'text/xml' });
      res.end(`<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type>${el('Code', e.code)}${el('Message', e.message)}</Error><RequestId>req-${this.calls.length}</RequestId></ErrorResponse>`);
    }
  }

  private role(name: string): FakeRole {
    const role = this.roles.get(name);
    if (!role) throw new IamError(404, 'NoSuchEntity', `The role with name ${name} cannot be found.`);
    return role;
  }

  private user(name: string): FakePrincipal & { groups: string[] } {
    const user = this.users.get(name);
    if (!user) throw new IamError(404, 'NoSuchEntity', `The user with name ${name} cannot be found.`);
    return user;
  }

  private group(name: string): FakePrincipal {
    const group = this.groups.get(name);
    if (!group) throw new IamError(404, 'NoSuchEntity', `The group with name ${name} cannot be found.`);
    return group;
  }

  private provider(arn: string): FakeProvider {
    const provider = this.providers.get(arn);
    if (!provider) throw new IamError(404, 'NoSuchEntity', `OpenIDConnect Provider not found for arn ${arn}`);
    return provider;
  }

  private roleXml(role: FakeRole): string {
    // IAM returns policy documents URL-encoded.
    return `<Role>${el('Path', role.path ?? '/')}${el('RoleName', role.name)}<RoleId>AROA${role.name.length}</RoleId>${el('Arn', role.arn)}<CreateDate>${CREATED}</CreateDate>${el('AssumeRolePolicyDocument', encodeURIComponent(role.trust))}${el('Description', role.description)}${role.tags.length ? tagsXml(role.tags) : ''}</Role>`;
  }

  private page<T>(items: T[], marker: string | undefined, render: (items: T[]) => string): string {
    const start = marker ? Number(marker) : 0;
    const slice = items.slice(start, start + this.pageSize);
    const more = start + this.pageSize < items.length;
    return `${render(slice)}<IsTruncated>${more}</IsTruncated>${more ? el('Marker', String(start + this.pageSize)) : ''}`;
  }

  private dispatch(action: string, p: Record<string, string>): string {
    switch (action) {
      case 'GetCallerIdentity':
        return `${el('Arn', this.callerArn)}<UserId>AIDATEST</UserId>${el('Account', ACCOUNT)}`;
      case 'ListOpenIDConnectProviders':
        return members('OpenIDConnectProviderList', [...this.providers.keys()].map((arn) => el('Arn', arn)));
      case 'GetOpenIDConnectProvider': {
        const provider = this.provider(p.OpenIDConnectProviderArn);
        return `${el('Url', provider.url.replace(/^https:\/\//, ''))}${members('ClientIDList', provider.clientIds.map(xmlEscape))}${members('ThumbprintList', provider.thumbprints.map(xmlEscape))}<CreateDate>${CREATED}</CreateDate>${provider.tags.length ? tagsXml(provider.tags) : ''}`;
      }
      case 'CreateOpenIDConnectProvider': {
        const arn = `arn:aws:iam::${ACCOUNT}:oidc-provider/${p.Url.replace(/^https:\/\//, '')}`;
        if (this.providers.has(arn)) throw new IamError(409, 'EntityAlreadyExists', `Provider with url ${p.Url} already exists.`);
        this.providers.set(arn, { arn, url: p.Url, clientIds: list(p, 'ClientIDList'), thumbprints: list(p, 'ThumbprintList'), tags: tags(p) });
        return el('OpenIDConnectProviderArn', arn);
      }
      case 'TagOpenIDConnectProvider':
        this.provider(p.OpenIDConnectProviderArn).tags.push(...tags(p));
        return '';
      case 'DeleteOpenIDConnectProvider':
        this.provider(p.OpenIDConnectProviderArn);
        this.providers.delete(p.OpenIDConnectProviderArn);
        return '';
      case 'GetRole':
        return this.roleXml(this.role(p.RoleName));
      case 'CreateRole': {
        if (this.roles.has(p.RoleName)) throw new IamError(409, 'EntityAlreadyExists', `Role with name ${p.RoleName} already exists.`);
        if (p.RoleName.length > 64) throw new IamError(400, 'ValidationError', 'roleName must have length less than or equal to 64');
        JSON.parse(p.AssumeRolePolicyDocument);
        this.addRole({ name: p.RoleName, trust: p.AssumeRolePolicyDocument, description: p.Description ?? '', tags: tags(p), boundary: p.PermissionsBoundary });
        return this.roleXml(this.role(p.RoleName));
      }
      case 'UpdateAssumeRolePolicy':
        this.role(p.RoleName).trust = p.PolicyDocument;
        return '';
      case 'PutRolePolicy':
        JSON.parse(p.PolicyDocument);
        this.role(p.RoleName).policies.set(p.PolicyName, p.PolicyDocument);
        return '';
      case 'DeleteRolePolicy':
        if (!this.role(p.RoleName).policies.delete(p.PolicyName)) throw new IamError(404, 'NoSuchEntity', `The role policy with name ${p.PolicyName} cannot be found.`);
        return '';
      case 'ListRolePolicies':
        return `${members('PolicyNames', [...this.role(p.RoleName).policies.keys()].map(xmlEscape))}<IsTruncated>false</IsTruncated>`;
      case 'ListRoles':
        // Like IAM, ListRoles does not return tags.
        return this.page([...this.roles.values()], p.Marker, (roles) => members('Roles', roles.map((r) => this.roleXml({ ...r, tags: [] }).replace(/^<Role>|<\/Role>$/g, ''))));
      case 'ListRoleTags':
        return `${tagsXml(this.role(p.RoleName).tags)}<IsTruncated>false</IsTruncated>`;
      case 'DeleteRole': {
        const role = this.role(p.RoleName);
        if (role.policies.size > 0) throw new IamError(409, 'DeleteConflict', 'Cannot delete entity, must delete policies first.');
        if ((this.roleAttached.get(p.RoleName) ?? []).length > 0) throw new IamError(409, 'DeleteConflict', 'Cannot delete entity, must detach all policies first.');
        this.roles.delete(p.RoleName);
        return '';
      }
      case 'ListAttachedUserPolicies':
        return this.page(this.user(p.UserName).attached, p.Marker, attachedXml);
      case 'ListUserPolicies':
        return this.page([...this.user(p.UserName).inline.keys()], p.Marker, (names) => members('PolicyNames', names.map(xmlEscape)));
      case 'GetUserPolicy':
        return inlineXml('UserName', p.UserName, p.PolicyName, this.user(p.UserName).inline.get(p.PolicyName));
      case 'ListGroupsForUser':
        return this.page(this.user(p.UserName).groups, p.Marker, (names) => members('Groups', names.map((g) => `${el('GroupName', g)}${el('Arn', `arn:aws:iam::${ACCOUNT}:group/${g}`)}<Path>/</Path><GroupId>AGPA${g.length}</GroupId><CreateDate>${CREATED}</CreateDate>`)));
      case 'ListAttachedGroupPolicies':
        return this.page(this.group(p.GroupName).attached, p.Marker, attachedXml);
      case 'ListGroupPolicies':
        return this.page([...this.group(p.GroupName).inline.keys()], p.Marker, (names) => members('PolicyNames', names.map(xmlEscape)));
      case 'GetGroupPolicy':
        return inlineXml('GroupName', p.GroupName, p.PolicyName, this.group(p.GroupName).inline.get(p.PolicyName));
      case 'ListAttachedRolePolicies':
        this.role(p.RoleName);
        return this.page(this.roleAttached.get(p.RoleName) ?? [], p.Marker, attachedXml);
      case 'GetRolePolicy':
        return inlineXml('RoleName', p.RoleName, p.PolicyName, this.role(p.RoleName).policies.get(p.PolicyName));
      case 'GetPolicy':
        if (!this.managed.has(p.PolicyArn)) throw new IamError(404, 'NoSuchEntity', `Policy ${p.PolicyArn} does not exist or is not attachable.`);
        return `<Policy>${el('PolicyName', p.PolicyArn.split('/').pop())}${el('Arn', p.PolicyArn)}<DefaultVersionId>v3</DefaultVersionId></Policy>`;
      case 'GetPolicyVersion': {
        const document = this.managed.get(p.PolicyArn);
        if (document === undefined || p.VersionId !== 'v3') throw new IamError(404, 'NoSuchEntity', `Policy ${p.PolicyArn} version ${p.VersionId} does not exist.`);
        return `<PolicyVersion>${el('Document', encodeURIComponent(document))}<VersionId>v3</VersionId><IsDefaultVersion>true</IsDefaultVersion></PolicyVersion>`;
      }
    }
    throw new IamError(400, 'InvalidAction', `Could not find operation ${action} for version 2010-05-08`);
  }
}

function attachedXml(arns: string[]): string {
  return members('AttachedPolicies', arns.map((arn) => `${el('PolicyName', arn.split('/').pop())}${el('PolicyArn', arn)}`));
}

/** GetUserPolicy / GetGroupPolicy / GetRolePolicy: the document URL-encoded, like IAM. */
function inlineXml(ownerKey: string, owner: string, policyName: string, document: string | undefined): string {
  if (document === undefined) throw new IamError(404, 'NoSuchEntity', `The policy with name ${policyName} cannot be found.`);
  return `${el(ownerKey, owner)}${el('PolicyName', policyName)}${el('PolicyDocument', encodeURIComponent(document))}`;
}

function list(p: Record<string, string>, name: string): string[] {
  const out: string[] = [];
  for (let i = 1; p[`${name}.member.${i}`] !== undefined; i++) out.push(p[`${name}.member.${i}`]);
  return out;
}

function tags(p: Record<string, string>): Tag[] {
  const out: Tag[] = [];
  for (let i = 1; p[`Tags.member.${i}.Key`] !== undefined; i++) out.push({ Key: p[`Tags.member.${i}.Key`], Value: p[`Tags.member.${i}.Value`] ?? '' });
  return out;
}
