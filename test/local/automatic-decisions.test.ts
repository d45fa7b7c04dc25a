import { afterEach, describe, expect, it } from 'vitest';
import {
  type ApproverConfigInput,
  mayApprove,
  parseApproverConfig,
} from '../../functions/approvals/approvers';
import { answerEvery } from '../../functions/local/replay-event';
import {
  allowingAutomaticDecisions,
  LOCAL_APPROVER,
  LOCAL_AUTOMATIC,
  type LocalRuntime,
} from '../../functions/local/runtime';
import type { AuditRecord } from '../../functions/ports/audit-log';
import { SEVERITIES } from '../../functions/rulebook/model/severity';
import { bucketEvent, testRuntime } from '../workflow/support';

const runtimes: LocalRuntime[] = [];
afterEach(() => {
  for (const r of runtimes.splice(0)) r.stop();
});

/** The account of the fixture bucket, whose public-access finding (high) starts a remediation. */
const ACCOUNT = (bucketEvent().detail.configurationItem as { awsAccountId: string }).awsAccountId;

/** Approver configurations that leave the local approver (and anyone but U0ALICE000) out. */
const CONFIGS: Array<{ name: string; config: ApproverConfigInput }> = [
  { name: 'a default list', config: { default: ['U0ALICE000'] } },
  { name: 'a list for high only', config: { bySeverity: { high: ['U0ALICE000'] } } },
  { name: "the account's own list", config: { byAccount: { [ACCOUNT]: ['U0ALICE000'] } } },
  {
    name: "the account's lists per severity, none for high (nobody may approve)",
    config: { byAccount: { [ACCOUNT]: { critical: ['U0ALICE000'] } } },
  },
  { name: 'nobody at all', config: {} },
];

describe('automatic decisions (--approve all|none) with custom approvers', () => {
  it.each(CONFIGS)('are taken with $name', async ({ config }) => {
    // Prepare: a short approval timeout, so a refused decision expires instead of waiting a day.
    const out = { write: () => true };
    const t = testRuntime({
      approvers: parseApproverConfig(config),
      approver: answerEvery('none', out),
      approvalTimeoutSeconds: 1,
    });
    runtimes.push(t.runtime);
    // Act
    expect((await t.runtime.triage(bucketEvent())).status).toBe('SUCCEEDED');
    await t.runtime.settle();
    // Assess
    expect(t.runtime.failedClicks).toEqual([]);
    expect(t.runtime.remediations).toHaveLength(1);
    expect((t.runtime.remediations[0] as { output: { decision: string } }).output.decision).toBe('rejected');
    const records: AuditRecord[] = [];
    for await (const r of t.store.audit.list({ from: '2000-01-01', to: '2100-01-01' })) records.push(r);
    expect(records.map((r) => [r.action, r.actor])).toEqual([
      ['approval-requested', 'compliance-bot'],
      ['rejected', 'local:--approve none'],
    ]);
  });

  it('still check people as configured', () => {
    const config = allowingAutomaticDecisions(
      parseApproverConfig({ byAccount: { [ACCOUNT]: { critical: ['U0ALICE000'] } } }),
    );
    for (const severity of SEVERITIES) {
      expect(mayApprove(config, LOCAL_AUTOMATIC, severity, ACCOUNT), severity).toBe(true);
      expect(mayApprove(config, LOCAL_APPROVER, severity, ACCOUNT), severity).toBe(false);
      expect(mayApprove(config, 'U0ALICE000', severity, ACCOUNT), severity).toBe(severity === 'critical');
    }
  });
});
