import { closestId } from '../../rulebook/config';
import type { RawTemplate } from '../../rulebook/normalizers/cloudformation/parse-template';
import { InputError } from '../errors';

/** The `Metadata` key a template resource holds its suppressions under. */
export const METADATA_KEY = 'compliance-bot';

/** Logical id -> rule id -> why its finding on that resource is accepted. */
export type ResourceSuppressions = ReadonlyMap<string, ReadonlyMap<string, string>>;

/**
 * Per-resource suppressions from the template, the way cdk-nag, cfn-nag and checkov read them from
 * resource metadata:
 *
 * ```yaml
 * Metadata:
 *   compliance-bot:
 *     suppressions:
 *       - rule: secretsmanager-rotation-enabled
 *         reason: Slack tokens are rotated by a human in Slack
 * ```
 *
 * In CDK: `(bucket.node.defaultChild as CfnResource).addMetadata('compliance-bot', { suppressions: [...] })`.
 * A reason is required and the rule must exist: a typo would otherwise silently suppress nothing.
 */
export function suppressionsOf(template: RawTemplate, ruleIds: ReadonlySet<string>): ResourceSuppressions {
  const out = new Map<string, Map<string, string>>();
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    const metadata = resource.Metadata;
    if (typeof metadata !== 'object' || metadata === null || !(METADATA_KEY in metadata)) continue;
    const line = template.lines[logicalId];
    const fail = (message: string): never => {
      throw new InputError(template.file, `resource ${logicalId}: Metadata.${METADATA_KEY}: ${message}`, {
        ...(line !== undefined ? { line } : {}),
      });
    };
    const entry = (metadata as Record<string, unknown>)[METADATA_KEY];
    const list = (entry as { suppressions?: unknown } | null)?.suppressions;
    if (!Array.isArray(list)) fail('expected { suppressions: [ { rule, reason }, ... ] }');
    const byRule = new Map<string, string>();
    (list as unknown[]).forEach((item, i) => {
      const where = `suppressions.${i}`;
      const { rule, reason, ...rest } = (typeof item === 'object' && item !== null ? item : {}) as Record<
        string,
        unknown
      >;
      const extra = Object.keys(rest);
      if (extra.length > 0) fail(`${where}: unknown key "${extra[0]}" (expected rule and reason)`);
      if (typeof rule !== 'string' || rule === '') fail(`${where}: "rule" must name a rule id`);
      if (!ruleIds.has(rule as string)) {
        const near = closestId(rule as string, ruleIds);
        fail(`${where}: unknown rule id "${rule}"${near === undefined ? '' : ` (did you mean "${near}"?)`}`);
      }
      if (typeof reason !== 'string' || reason.trim() === '') {
        fail(`${where}: "reason" is required: say why the ${rule} finding is accepted`);
      }
      byRule.set(rule as string, (reason as string).trim());
    });
    out.set(logicalId, byRule);
  }
  return out;
}
