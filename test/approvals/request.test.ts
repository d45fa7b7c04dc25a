import { describe, expect, it } from 'vitest';
import { createApprovalRequest, newApprovalId, viewOf } from '../../functions/approvals/request';
import { buildFindingMessage } from '../../functions/notifications/model';
import { buildSlackMessage } from '../../functions/notifications/slack-message';
import { REMEDIATIONS } from '../../functions/rulebook/remediations/index';
import { storedFinding } from '../notifications/findings';

describe('approval requests', () => {
  it('ids are short, opaque and unique', () => {
    const ids = new Set(Array.from({ length: 1000 }, newApprovalId));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^apr_[A-Za-z0-9_-]{27}$/);
  });

  it('builds the stored approval, the card view and the audit record; the token stays in the approval', () => {
    const remediation = REMEDIATIONS['ebs-snapshot-and-delete-volume']!;
    const finding = storedFinding({
      resource: { type: 'AWS::EC2::Volume', id: 'vol-1', accountId: '111122223333', region: 'eu-west-1' },
    });
    const plan = remediation.plan(finding, {});
    const req = createApprovalRequest({
      finding,
      remediation,
      plan,
      taskToken: 'TOKEN-SECRET',
      now: new Date('2026-11-22T10:00:00.000Z'),
      timeoutSeconds: 86_400,
      approvalId: 'apr_test',
    });
    expect(req.approval).toMatchObject({
      approvalId: 'apr_test',
      taskToken: 'TOKEN-SECRET',
      severity: 'high',
      accountId: '111122223333',
      expiresAt: '2026-11-23T10:00:00.000Z',
    });
    expect(req.view).toMatchObject({ state: 'pending', destructive: true, title: remediation.title });
    expect(req.audit).toMatchObject({ action: 'approval-requested', approvalId: 'apr_test', plan });
    const card = JSON.stringify(
      buildSlackMessage(buildFindingMessage({ kind: 'opened', finding, approval: req.view })),
    );
    expect(card).not.toContain('TOKEN-SECRET');
    expect(card).toContain('Deleting the volume cannot be undone');
  });

  it('outcome views carry who decided and the result', () => {
    const remediation = REMEDIATIONS['s3-enable-versioning']!;
    const view = viewOf(
      remediation,
      { approvalId: 'apr_1', plan: [], expiresAt: 'x', decidedBy: 'sam' },
      'verified',
      'Versioning is enabled',
    );
    expect(view).toMatchObject({ state: 'verified', decidedBy: 'sam', outcome: 'Versioning is enabled' });
  });
});
