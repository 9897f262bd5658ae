import * as assert from 'assert';
import * as path from 'path';
import { pathToFileURL } from 'url';
import {
  CodeAction, CodeActionRequest, CompletionList, CompletionRequest, DidOpenTextDocumentNotification, HoverRequest, MarkupContent,
} from 'vscode-languageserver-protocol/node';
import { tempTree } from '../unit/helpers';
import { credentialsRequest, csv, ROLE, subscription, trustPolicy } from '../unit/operators/fixtures';
import { ServerProcess } from './lspClient';

const CONTROLLER = 'system:serviceaccount:log-forwarding:log-forwarder-controller';

describe('OLM operators on STS over LSP', () => {
  let server: ServerProcess;
  let dir: string;

  before(async () => {
    dir = tempTree({
      'operator/subscription.yaml': subscription(),
      'operator/credentialsrequest.yaml': credentialsRequest(),
      'operator/log-forwarder.clusterserviceversion.yaml': csv('sts.amazonaws.com'),
      [`iam/${ROLE}-trust-policy.json`]: trustPolicy(['system:serviceaccount:log-forwarding:log-forwarder']),
    });
    server = new ServerProcess();
    await server.initialize(dir);
  });

  after(async () => {
    await server.stop();
  });

  async function open(rel: string, text: string, languageId = 'yaml'): Promise<string> {
    const uri = pathToFileURL(path.join(dir, rel)).toString();
    await server.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
    return uri;
  }

  it('reports the Subscription\'s ROLEARN whose trust policy does not admit the operator\'s service account, and offers the fix in the trust policy', async () => {
    const uri = await open('operator/subscription.yaml', subscription());
    const diagnostics = await server.pullUntil(uri, (d) => d.length > 0);
    assert.deepStrictEqual(diagnostics.map((d) => [d.code, d.range]), [['trust-sub-mismatch', { start: { line: 14, character: 13 }, end: { line: 14, character: 62 } }]]);
    const actions = (await server.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: diagnostics[0].range, context: { diagnostics, only: ['quickfix'] } })) as CodeAction[];
    assert.strictEqual(actions[0].title, `Add ${CONTROLLER} to the trust policy of ${ROLE}`);
    const trustUri = pathToFileURL(path.join(dir, `iam/${ROLE}-trust-policy.json`)).toString();
    assert.deepStrictEqual(Object.keys(actions[0].edit!.changes!), [trustUri]);
    assert.strictEqual(actions[0].edit!.changes![trustUri][0].newText, `,\n            "${CONTROLLER}"`);
  });

  it('completes ROLEARN in the Subscription with the role ARNs of the workspace', async () => {
    // In another namespace: a second Subscription of log-forwarding would make the operator's requests ambiguous.
    const text = subscription(undefined, 'drafts').replace(/value: arn:.*\n/, 'value: \n');
    const uri = await open('operator/subscription-draft.yaml', text);
    const list = (await server.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 14, character: 13 } })) as CompletionList | null;
    const items = Array.isArray(list) ? list : list?.items ?? [];
    assert.deepStrictEqual(items.map((i) => i.label), [`arn:aws:iam::123456789012:role/${ROLE}`]);
  });

  it('reports the token audience of the CSV\'s deployment and hovers the token-auth annotation', async () => {
    const uri = await open('operator/log-forwarder.clusterserviceversion.yaml', csv('sts.amazonaws.com'));
    const diagnostics = await server.pullUntil(uri, (d) => d.length > 0);
    assert.deepStrictEqual(diagnostics.map((d) => [d.code, d.range.start.line]), [['token-audience-mismatch', 35]]);
    assert.match(diagnostics[0].message as string, /requests audience "sts\.amazonaws\.com", but the trust policy of role demo-log-forwarder .* requires aud "openshift"/);
    const hover = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 5, character: 10 } });
    assert.match((hover!.contents as MarkupContent).value, /^\*\*features\.operators\.openshift\.io\/token-auth-aws\*\*/);
  });
});
