import type {
  ApprovalRequest,
  FindingNotification,
  RemediationOutcome,
  ReportPublished,
  WorkflowNotifier,
} from '../../ports/notifier';

/**
 * Sends to every notifier (SNS always; Slack when its module is wired in). All are attempted; the
 * first error is rethrown afterwards so the state machine retries (each notifier is idempotent).
 */
export class FanOutNotifier implements WorkflowNotifier {
  constructor(private readonly notifiers: readonly WorkflowNotifier[]) {}
  notify(n: readonly FindingNotification[]) {
    return this.each((x) => x.notify(n));
  }
  requestApproval(r: ApprovalRequest) {
    return this.each((x) => x.requestApproval(r));
  }
  notifyOutcome(o: RemediationOutcome) {
    return this.each((x) => x.notifyOutcome(o));
  }
  reportPublished(r: ReportPublished) {
    return this.each((x) => x.reportPublished(r));
  }
  private async each(fn: (n: WorkflowNotifier) => Promise<void>) {
    const results = await Promise.allSettled(this.notifiers.map(fn));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }
}
