import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { get, getStr, isMap, isSeq, MapNode, SNode, str, toPlain } from '../model/node';
import { describeYaml11 } from '../model/yaml11';
import { yaml11Values } from '../views/yaml11Values';
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
 * tech preview is on, those behind a feature set. Reads without blocking
 * (the server plans while it answers other requests) and stops between files
 * once `signal` is aborted.
 */
export async function loadCredentialsRequests(dir: string, enableTechPreview: boolean, signal?: AbortSignal): Promise<LoadedRequests> {
  const problems: Problem[] = [];
  let names: string[];
  try {
    names = (await fs.promises.readdir(dir, { withFileTypes: true })).filter((e) => !e.isDirectory() && /\.ya?ml$/.test(e.name)).map((e) => e.name).sort();
  } catch (error) {
    return { requests: [], problems: [{ severity: 'error', message: `Cannot read the credentials requests directory ${dir}: ${(error as Error).message}` }] };
  }
  const requests: CredentialsRequest[] = [];
  for (const name of names) {
    signal?.throwIfAborted();
    const fsPath = path.join(dir, name);
    const text = await fs.promises.readFile(fsPath, 'utf8');
    const file = parseFile(pathToFileURL(fsPath).toString(), text, { fsPath, format: 'yaml' });
    for (const doc of file.docs) {
      if (doc.errors.length > 0) {
        const at = file.positionAt(doc.errors[0].range[0]);
        problems.push({ severity: 'error', message: `${name}:${at.line + 1}:${at.character + 1}: ${doc.errors[0].message}` });
        continue;
      }
      if (!isMap(doc.root) || getStr(doc.root, 'kind') !== 'CredentialsRequest') continue;
      const misread = yaml11Problems(doc.root, text, name, (offset) => file.positionAt(offset));
      if (misread.length > 0) {
        problems.push(...misread);
        continue;
      }
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

/**
 * Values of the fields ccoctl uses (metadata.name, namespace and annotations,
 * spec) that YAML 1.1 reads as a boolean or number where sts-lens read a
 * string (or another number): ccoctl's GetListOfCredentialsRequests decodes
 * with sigs.k8s.io/yaml (go-yaml v2), so `yes` is true there. Using sts-lens's
 * reading would plan something else than ccoctl and the operator do.
 */
function yaml11Problems(root: MapNode, text: string, file: string, positionAt: (offset: number) => { line: number; character: number }): Problem[] {
  return yaml11Values(root, text)
    .filter((v) => v.path[0] === 'spec' || (v.path[0] === 'metadata' && (v.path[1] === 'name' || v.path[1] === 'namespace' || v.path[1] === 'annotations')))
    .map((v) => {
      const at = positionAt(v.node.start);
      const read = describeYaml11(v.yaml11);
      return {
        severity: 'error',
        message: `${file}:${at.line + 1}:${at.character + 1}: ${v.path.join('.')}: Kubernetes and ccoctl read YAML 1.1, where plain ${v.source} is ${read}, not ${typeof v.yaml12 === 'string' ? `the string "${v.source}"` : `the ${typeof v.yaml12} ${String(v.yaml12)}`}. Quote it ("${v.source}") if the string is meant.`,
      };
    });
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
