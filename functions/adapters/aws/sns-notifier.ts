import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type {
  ApprovalRequest,
  FindingNotification,
  RemediationOutcome,
  ReportPublished,
  WorkflowNotifier,
} from '../../ports/notifier';
import { rethrowTransient } from '../../shared/errors';

const SUBJECT_MAX = 100;

/**
 * The basic SNS notifier: one message per notification, human-readable subject and body, and message
 * attributes subscribers filter on (`severity`, `pillar`, `accountId`, `ruleId`, `status`, `kind`).
 * Message ids are not deduplicated by SNS standard topics: the Notify step is idempotent upstream
 * (Record only emits opened/changed/resolved once per fingerprint).
 */
export class SnsNotifier implements WorkflowNotifier {
  constructor(
    private readonly client: SNSClient,
    private readonly topicArn: string,
  ) {}

  async notify(notifications: readonly FindingNotification[]): Promise<void> {
    for (const n of notifications) {
      const f = n.finding;
      const r = f.resource;
      const verb = n.kind === 'resolved' ? 'Resolved' : n.kind === 'changed' ? 'Changed' : 'New';
      await this.publish(
        `[${f.severity.toUpperCase()}] ${verb}: ${f.title}`,
        [
          `${verb} finding: ${f.title}`,
          `Severity: ${f.severity} | Pillar: ${f.pillar}`,
          `Resource: ${r.type} ${r.name ?? r.id}${r.arn ? ` (${r.arn})` : ''}`,
          `Account: ${r.accountId ?? 'n/a'} | Region: ${r.region ?? 'n/a'}`,
          '',
          f.message,
          '',
          `Recommendation: ${f.recommendation}`,
          `Rule: ${f.ruleId} | Finding id: ${f.id}`,
        ].join('\n'),
        {
          severity: f.severity,
          pillar: f.pillar,
          accountId: r.accountId ?? 'unknown',
          ruleId: f.ruleId,
          status: n.kind === 'resolved' ? 'resolved' : 'open',
          kind: n.kind,
        },
      );
    }
  }

  async requestApproval(request: ApprovalRequest): Promise<void> {
    const f = request.finding;
    await this.publish(
      `[APPROVAL] ${request.plan.summary}`,
      [
        `Approval needed for finding ${f.title} on ${f.resource.type} ${f.resource.id}.`,
        `Plan: ${request.plan.summary}`,
        ...request.plan.calls.map((c) => `- ${c.service}.${c.operation} (${c.iamAction})`),
        `Approval id: ${request.approvalId} (decide in Slack) | expires ${request.expiresAt}`,
      ].join('\n'),
      {
        severity: f.severity,
        pillar: f.pillar,
        accountId: f.resource.accountId ?? 'unknown',
        ruleId: f.ruleId,
        status: 'approval-requested',
        kind: 'approval',
      },
    );
  }

  async notifyOutcome(outcome: RemediationOutcome): Promise<void> {
    const f = outcome.finding;
    await this.publish(
      `[REMEDIATION ${outcome.status.toUpperCase()}] ${f.title}`,
      [
        `Remediation ${outcome.status} for ${f.resource.type} ${f.resource.id}.`,
        ...(outcome.verification
          ? [`Verification: ${outcome.verification.status}: ${outcome.verification.message}`]
          : []),
        ...(outcome.error ? [`Error: ${outcome.error.Error}`] : []),
      ].join('\n'),
      {
        severity: f.severity,
        pillar: f.pillar,
        accountId: f.resource.accountId ?? 'unknown',
        ruleId: f.ruleId,
        status: outcome.status,
        kind: 'outcome',
      },
    );
  }

  async reportPublished(report: ReportPublished): Promise<void> {
    await this.publish(`Weekly compliance report ${report.week}`, `${report.headline}\n\n${report.link}`, {
      status: 'report',
      kind: 'report',
    });
  }

  private async publish(subject: string, message: string, attributes: Record<string, string>) {
    try {
      await this.client.send(
        new PublishCommand({
          TopicArn: this.topicArn,
          Subject: sanitizeSubject(subject),
          Message: message,
          MessageAttributes: Object.fromEntries(
            Object.entries(attributes).map(([k, v]) => [k, { DataType: 'String', StringValue: v }]),
          ),
        }),
      );
    } catch (error) {
      rethrowTransient(error, 'SNS Publish');
    }
  }
}

/** SNS subjects: ASCII printable, no line breaks, at most 100 characters. */
export function sanitizeSubject(subject: string): string {
  const ascii = subject.replace(/[^\x20-\x7E]/g, '?');
  return ascii.length > SUBJECT_MAX ? `${ascii.slice(0, SUBJECT_MAX - 1)}…`.replace('…', '.') : ascii;
}
