import { canonicalPrefix } from '../../iam/catalog';
import { isTemplated } from '../../model/templated';
import { policiesOf, PolicyDoc, Statement, ValueRef } from '../../views/policy';
import { DocContext } from '../rule';

export interface ActionRef {
  ref: ValueRef;
  policy: PolicyDoc;
  statement: Statement;
  prefix: string;
  name: string;
  /** Catalog spelling of the prefix, when it is a known service. */
  service?: string;
}

/** Every `service:Action` string of the document's policies; `*`, templates and malformed values are left out. */
export function actionRefs(ctx: DocContext): ActionRef[] {
  const out: ActionRef[] = [];
  for (const policy of policiesOf(ctx.file, ctx.doc)) {
    for (const statement of policy.statements) {
      for (const ref of statement.actions) {
        const colon = ref.value.indexOf(':');
        if (colon < 0 || isTemplated(ref.value)) continue;
        const prefix = ref.value.slice(0, colon);
        const name = ref.value.slice(colon + 1);
        out.push({ ref, policy, statement, prefix, name, service: canonicalPrefix(prefix) });
      }
    }
  }
  return out;
}
