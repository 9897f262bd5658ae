import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { get, getStr, isMap, isSeq, SNode, str, toPlain } from '../model/node';
import { parseFile } from '../model/parsedFile';
import { credentialsRequestView, CredentialsRequestView, DELETE_ANNOTATION, FEATURE_SET_ANNOTATION } from '../views/credentialsRequest';
import { Problem } from './plan';

export interface StatementEntry {
  effect: string;
  action: string[];
  resource: string;
  policyCondition: Record<string, unknown> | undefined;
}

/** A CredentialsRequest as ccoctl reads it. */
export interface CredentialsRequest {
  file: string;
  name: string;
  namespace: string;
  secretName: string;
  secretNamespace: string;
  providerKind: string | undefined;
  statementEntries: StatementEntry[];
  serviceAccountNames: string[];
}

export interface LoadedRequests {
  requests: CredentialsRequest[];
  problems: Problem[];
}


/**
 * Every CredentialsRequest in the `*.yaml`/`*.yml` files of a directory, in
 * file-name order then document order (ccoctl's order, which numbers the
 * `05-<i>-*` files), minus those the release marks for deletion and, unless
 * tech preview is on, those behind a feature set.
 */
export function loadCredentialsRequests(dir: string, enableTechPreview: boolean): LoadedRequests {
  const problems: Problem[] = [];
  let names: string[];
  try {
    names = fs.readdirSync(dir, { withFileTypes: true }).filter((e) => !e.isDirectory() && /\.ya?ml$/.test(e.name)).map((e) => e.name).sort();
  } catch (error) {
    return { requests: [], problems: [{ severity: 'error', message: `Cannot read the credentials requests directory ${dir}: ${(error as Error).message}` }] };
  }
  const requests: CredentialsRequest[] = [];
  for (const name of names) {
    const fsPath = path.join(dir, name);
    const text = fs.readFileSync(fsPath, 'utf8');
    const file = parseFile(pathToFileURL(fsPath).toString(), text, { fsPath, format: 'yaml' });
    for (const doc of file.docs) {
      if (doc.errors.length > 0) {
        const at = file.positionAt(doc.errors[0].range[0]);
        problems.push({ severity: 'error', message: `${name}:${at.line + 1}:${at.character + 1}: ${doc.errors[0].message}` });
        continue;
      }
      if (!isMap(doc.root) || getStr(doc.root, 'kind') !== 'CredentialsRequest') continue;
      const view = credentialsRequestView(doc.root);
      const request = readRequest(view, name);
      const label = `${request.namespace}/${request.name}`;
      if (view.deleted) {
        problems.push({ severity: 'info', message: `Skipping CredentialsRequest ${label} (${name}): marked ${DELETE_ANNOTATION}: "true".` });
        continue;
      }
      const featureSet = view.featureSet;
      if (featureSet !== undefined && (!enableTechPreview || featureSet !== 'TechPreviewNoUpgrade')) {
        const why = enableTechPreview ? `its feature set is ${featureSet}, not TechPreviewNoUpgrade` : `it is tech preview (${FEATURE_SET_ANNOTATION}: ${featureSet}); use --enable-tech-preview to include it`;
        problems.push({ severity: 'info', message: `Skipping CredentialsRequest ${label} (${name}): ${why}.` });
        continue;
      }
      requests.push(request);
    }
  }
  return { requests, problems };
}

/** The request as ccoctl needs it: the shared view plus the statement entries it turns into a role policy. */
export function readRequest(view: CredentialsRequestView, file: string): CredentialsRequest {
  const entries = get(view.spec, 'providerSpec', 'statementEntries');
  return {
    file,
    name: view.name,
    namespace: str(view.namespacePair?.value) ?? '',
    secretName: view.secretName ?? '',
    secretNamespace: view.secretNamespace ?? '',
    providerKind: view.providerKind,
    statementEntries: isSeq(entries) ? entries.items.map(readEntry) : [],
    serviceAccountNames: view.serviceAccounts,
  };
}

function readEntry(entry: SNode): StatementEntry {
  const action = get(entry, 'action');
  const condition = get(entry, 'policyCondition');
  return {
    effect: getStr(entry, 'effect') ?? '',
    action: isSeq(action) ? action.items.map(str).filter((s): s is string => s !== undefined) : str(action) !== undefined ? [str(action)!] : [],
    resource: getStr(entry, 'resource') ?? '',
    policyCondition: isMap(condition) && condition.pairs.length > 0 ? (toPlain(condition) as Record<string, unknown>) : undefined,
  };
}
