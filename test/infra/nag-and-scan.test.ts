import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { scanReport } from '../../functions/cli/commands/scan';
import { captureIo } from '../../functions/cli/io';
import { HANDLERS } from '../../functions/handlers/manifest';
import { RuleBook } from '../../functions/rulebook/engine';
import type { Finding } from '../../functions/rulebook/model/finding';
import { composeApp } from '../../infra/app';
import { needsConfigReadRole } from '../../infra/stacks/central-stack';
import { CDK_CONTEXT, type Synthesized, synthesize } from './support';

let s: Synthesized;
beforeAll(() => {
  // cdk-nag AwsSolutions runs inside synth: any unacknowledged finding makes this throw.
  s = synthesize({}, { nag: true });
});

/** Every acknowledgement recorded in the construct tree: id -> reasons (one per construct). */
function acknowledgements(app: App): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const construct of app.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
        out.set(id, [...(out.get(id) ?? []), reason]);
      }
    }
  }
  return out;
}

describe('cdk-nag AwsSolutions', () => {
  it('synthesizes both stacks with zero unacknowledged findings', () => {
    expect(s.centralJson.Resources).toBeDefined();
    expect(s.memberJson.Resources).toBeDefined();
  });

  it('is really checking: an unencrypted queue added to the central stack fails the synth', () => {
    const app = new App({ context: { ...CDK_CONTEXT, 'aws:cdk:bundling-stacks': [] } });
    const { central } = composeApp(app);
    new Queue(central, 'Careless');
    expect(() => app.synth()).toThrow(/AwsSolutions-SQS/);
  });

  it('acknowledges only known, exact finding ids, each with a specific reason', () => {
    const acks = acknowledgements(s.app);
    const ids = [...acks.keys()].map((id) => id.replace(/^\w+::/, '')).sort();
    // The full list: a new acknowledgement is a reviewed change to this test.
    expect(
      ids.map((id) => id.replace(/o-[a-z0-9]+/, '<org>').replace(/<Reports\w+\.Arn>/, '<ReportsBucket.Arn>')),
    ).toEqual(
      [
        'AwsSolutions-IAM5[Resource::*]',
        'AwsSolutions-IAM5[Resource::<ReportsBucket.Arn>/reports/*]',
        'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iam::*:role/compliance-bot-remediation]',
        'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iam::*:role/compliance-bot-remediation-read]',
        ...(HANDLERS.some(needsConfigReadRole)
          ? ['AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iam::*:role/compliance-bot-config-read]']
          : []),
        ...(HANDLERS.some((h) => (h.needs as readonly string[]).includes('organizations:read'))
          ? [
              'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:organizations::*:account/<org>/*]',
              'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:organizations::*:ou/<org>/*]',
            ]
          : []),
        'AwsSolutions-L1',
        'AwsSolutions-SF1',
        'AwsSolutions-SMG4',
        'AwsSolutions-SQS3',
      ].sort(),
    );
    for (const [id, reasons] of acks) {
      for (const reason of reasons) {
        expect(reason.length, `${id}: ${reason}`).toBeGreaterThan(60);
        expect(reason).not.toMatch(/^(ok|fine|n\/a|needed|required)\.?$/i);
      }
    }
  });

  it('never acknowledges a wildcard on the whole stack or app, only on the construct that needs it', () => {
    for (const scope of [s.app, s.central, s.member]) {
      const own = scope.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY);
      expect(own).toEqual([]);
    }
  });
});

describe('the project scans its own templates', () => {
  /** `compliance-bot scan` of the synthesized template, in-process: suppressions in Metadata apply. */
  function scan(template: Record<string, unknown>, file: string) {
    const dir = mkdtempSync(join(tmpdir(), 'compliance-bot-self-'));
    writeFileSync(join(dir, file), JSON.stringify(template));
    const book = new RuleBook(undefined, s.config.ruleBook);
    return scanReport([file], { failOn: 'info', parameter: {} }, captureIo({ cwd: dir }), book);
  }
  const listed = (findings: readonly Finding[]) =>
    findings.map((f) => `${f.severity} ${f.ruleId} ${f.resource.id}: ${f.message}`);

  it('finds nothing in the central stack but the three accepted findings, each with its reason', () => {
    const report = scan(s.centralJson, 'ComplianceBot.template.json');
    expect(report.summary.subjectsEvaluated).toBeGreaterThan(0);
    expect(report.summary.errors).toEqual([]);
    expect(listed(report.findings)).toEqual([]);
    expect(
      report.suppressed.map((f) => `${f.ruleId} ${f.resource.id.replace(/[0-9A-F]{8}$/, '')}`).sort(),
    ).toEqual([
      's3-bucket-encrypted-with-kms ReportsAccessLogs',
      'secretsmanager-secret-rotation-enabled SlackBotToken',
      'secretsmanager-secret-rotation-enabled SlackSigningSecret',
    ]);
    for (const f of report.suppressed) expect(f.suppression.reason.length).toBeGreaterThan(60);
  });

  it('finds nothing in the member stack', () => {
    const report = scan(s.memberJson, 'ComplianceBotMember.template.json');
    expect(report.summary.errors).toEqual([]);
    expect(listed(report.findings)).toEqual([]);
    expect(report.suppressed).toEqual([]);
  });
});
