import { remediationIamActions as catalogActions } from '../functions/rulebook/remediations/index';

/**
 * The IAM actions the remediation catalog declares (`functions/rulebook/remediations/`): the
 * member-account remediation role is granted exactly these. Checked to be exact actions (no wildcard).
 */
export function remediationIamActions(): string[] {
  const actions = catalogActions();
  const bad = actions.filter((a) => !/^[a-z0-9-]+:[A-Za-z0-9]+$/.test(a));
  if (bad.length > 0) {
    throw new Error(`remediationIamActions() must return exact IAM actions, got ${bad.join(', ')}`);
  }
  return [...new Set(actions)].sort();
}
