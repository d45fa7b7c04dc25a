import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { HANDLERS } from '../functions/handlers/manifest';
import { RuleBook } from '../functions/rulebook/engine';
import { type InfraConfig, InfraConfigError, loadInfraConfig } from './config';
import { ingestionPatterns } from './event-patterns';
import { remediationReadActions, remediationRoleActions } from './remediation-actions';
import { CentralStack, needsConfigReadRole } from './stacks/central-stack';
import { MemberStack, type MemberStackProps } from './stacks/member-stack';

export const CENTRAL_STACK_ID = 'ComplianceBot';
export const MEMBER_STACK_ID = 'ComplianceBotMember';

export interface ComposedApp {
  config: InfraConfig;
  central: CentralStack;
  /** The member stack as its own deployable stack (e.g. for the management account, which a service-managed StackSet never targets). */
  member: MemberStack;
}

/**
 * The composition root: validates the configuration from the app's context, then creates the
 * central stack and the member-account stack. Both are environment-agnostic (no account, no region,
 * no lookups), so `cdk synth` needs no credentials.
 */
export function composeApp(app: App, options: { nag?: boolean } = {}): ComposedApp {
  const config = loadInfraConfig(app.node);
  const memberProps = memberStackProps(config);
  const member = new MemberStack(app, MEMBER_STACK_ID, {
    ...memberProps,
    description: 'Compliance bot member account: event forwarding and remediation roles',
  });
  const central = new CentralStack(app, CENTRAL_STACK_ID, {
    config,
    description: 'Compliance bot central stack: ingestion, workflows, findings, Slack approvals, reports',
    memberTemplateBody: memberTemplateBody(memberProps, config.tags, app.node.tryGetContext.bind(app.node)),
  });
  for (const [key, value] of Object.entries(config.tags)) Tags.of(app).add(key, value);
  if (options.nag ?? true) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { config, central, member };
}

function memberStackProps(config: InfraConfig): MemberStackProps {
  return {
    organizationId: config.organization.id,
    patterns: ingestionPatterns(new RuleBook(undefined, config.ruleBook)),
    remediation: config.remediation.enabled
      ? { writeActions: remediationRoleActions(), readActions: remediationReadActions() }
      : undefined,
    configReadRole: HANDLERS.some(needsConfigReadRole),
  };
}

/**
 * The member stack's template as JSON, for the StackSet's TemplateBody: synthesized from its own
 * throwaway app (into a temporary folder, never into cdk.out), with the same feature flags.
 */
function memberTemplateBody(
  props: MemberStackProps,
  tags: Readonly<Record<string, string>>,
  context: (key: string) => unknown,
): string {
  const outdir = mkdtempSync(join(tmpdir(), 'compliance-bot-member-'));
  try {
    const flags: Record<string, unknown> = {};
    for (const key of FEATURE_FLAG_KEYS) {
      const value = context(key);
      if (value !== undefined) flags[key] = value;
    }
    const app = new App({ outdir, context: flags });
    const stack = new MemberStack(app, MEMBER_STACK_ID, props);
    for (const [key, value] of Object.entries(tags)) Tags.of(app).add(key, value);
    const template = app.synth().getStackByName(stack.stackName).template as Record<string, unknown>;
    return JSON.stringify(template);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** The feature flags that shape IAM / EventBridge output (the member stack uses nothing else). */
const FEATURE_FLAG_KEYS = [
  '@aws-cdk/aws-iam:minimizePolicies',
  '@aws-cdk/aws-iam:standardizedServicePrincipals',
  '@aws-cdk/core:enablePartitionLiterals',
  '@aws-cdk/aws-events:eventsTargetQueueSameAccount',
];

/**
 * `cdk synth` runs this file: a configuration error prints its per-key messages and exits 1, with
 * no stack trace around them (the trace points into this app, not at the configuration).
 */
export function main(stderr: Pick<NodeJS.WriteStream, 'write'> = process.stderr): number {
  try {
    const app = new App();
    composeApp(app, { nag: process.env.CDK_NAG !== '0' });
    app.synth();
    return 0;
  } catch (error) {
    if (!(error instanceof InfraConfigError)) throw error;
    stderr.write(`${error.message}\n`);
    return 1;
  }
}

if (require.main === module) process.exitCode = main();
