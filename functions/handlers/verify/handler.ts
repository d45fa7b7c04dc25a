import type { AuditLog } from '../../ports/audit-log';
import type { StoredFinding } from '../../ports/findings-store';
import type { ConfigItemSource } from '../../ports/inventory-source';
import type { RemediationExecutor, RemediationPlan } from '../../ports/remediation-executor';
import { evaluateSubject, type RuleBook } from '../../rulebook/engine';
import { normalizeConfigItem } from '../../rulebook/normalizers/load';
import { lambdaHandler } from '../../shared/middleware';
import { verifyWithCatalog } from '../../shared/remediation-plan';
import { asPlan, asStoredFinding, parseInput, remediateSchema } from '../../shared/schemas';

export interface Verification {
  /** `pass`: the rule now passes; `fail`; `unknown`: cannot tell yet; `dry-run`: nothing was changed. */
  status: 'pass' | 'fail' | 'unknown' | 'dry-run';
  message: string;
}

/** What Verify returns: the lead finding's verdict, and each other covered finding's. */
export interface GroupVerification extends Verification {
  /** One per finding the fix covers besides the lead, in the input's order (empty: none). */
  covers: Array<Verification & { findingId: string }>;
}

export type Verifier = (
  finding: StoredFinding,
  plan: RemediationPlan,
  context: { approvalId: string },
) => Promise<Verification>;

export interface VerifyDeps {
  verifier: Verifier;
  audit: AuditLog;
  now?: () => Date;
}

/**
 * Re-evaluates the resource after the fix, for the lead finding and for each other finding the fix
 * covers (each by its own rule: one fix can resolve one finding and leave another failing); audits
 * `verified` or `verification-failed` per finding.
 */
export function createTask(deps: VerifyDeps) {
  const now = deps.now ?? (() => new Date());
  return async (input: unknown): Promise<GroupVerification> => {
    const req = parseInput(remediateSchema, input, 'Verify');
    const finding = asStoredFinding(req.finding);
    const plan = asPlan(req.plan);
    const verify = async (f: StoredFinding): Promise<Verification> => {
      const verification = await deps.verifier(f, plan, { approvalId: req.approvalId });
      await deps.audit.append({
        at: now().toISOString(),
        actor: 'compliance-bot',
        action: verification.status === 'fail' ? 'verification-failed' : 'verified',
        findingId: f.id,
        approvalId: req.approvalId,
        remediationId: plan.remediationId,
        outcome: `${verification.status}: ${verification.message}`,
        ...(f.resource.accountId ? { accountId: f.resource.accountId } : {}),
      });
      return verification;
    };
    const lead = await verify(finding);
    const covers: GroupVerification['covers'] = [];
    for (const f of (req.covers ?? []).map(asStoredFinding)) {
      const { status, message } = await verify(f);
      covers.push({ findingId: f.id, status, message });
    }
    return { status: lead.status, message: lead.message, covers };
  };
}

/**
 * The AWS verifier: fetch the resource's latest configuration item and run the finding's rule again.
 * Config records changes within minutes, so a stale item yields `fail` / `unknown` with that reason.
 */
export function configVerifier(items: ConfigItemSource, book: RuleBook): Verifier {
  return async (finding) => {
    const { type, id, accountId, region } = finding.resource;
    if (!accountId || !region) return { status: 'unknown', message: 'finding has no account / region' };
    const item = await items.latest(type, id, accountId, region);
    if (item === undefined) return { status: 'unknown', message: 'AWS Config has no item for the resource' };
    const subject = normalizeConfigItem(item, 'config');
    const result = evaluateSubject(subject, book).find((r) => r.rule.id === finding.ruleId);
    if (!result) return { status: 'unknown', message: `rule ${finding.ruleId} does not apply any more` };
    const status = result.evaluation.status === 'not-applicable' ? 'pass' : result.evaluation.status;
    return { status, message: result.evaluation.message };
  };
}

/**
 * The catalog verifier: the remediation's own read-back calls (through the executor, in the member
 * account) decide `pass` / `fail`. When `also` is given (the Config re-evaluation through the rule
 * book), its verdict is added to the message; it cannot overrule the read-back because Config records
 * changes minutes later.
 */
export function catalogVerifier(executor: RemediationExecutor, also?: Verifier): Verifier {
  return async (finding, plan, context) => {
    const result = await verifyWithCatalog(finding, plan, executor, { approvalId: context.approvalId });
    const status = result.ok ? 'pass' : 'fail';
    if (!also) return { status, message: result.message };
    const extra = await also(finding, plan, context).catch((error: Error) => ({
      status: 'unknown' as const,
      message: error.message,
    }));
    return { status, message: `${result.message} (AWS Config: ${extra.status}, ${extra.message})` };
  };
}

export const createHandler = (deps: VerifyDeps) => lambdaHandler(createTask(deps));
