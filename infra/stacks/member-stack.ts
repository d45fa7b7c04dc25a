import {
  Aws,
  BootstraplessSynthesizer,
  CfnCondition,
  CfnParameter,
  type CfnResource,
  Fn,
  Stack,
  type StackProps,
  Validations,
} from 'aws-cdk-lib';
import { CfnRule } from 'aws-cdk-lib/aws-events';
import {
  ArnPrincipal,
  Effect,
  PolicyDocument,
  PolicyStatement,
  Role,
  ServicePrincipal,
} from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { SESSION_NAME_PREFIX } from '../../functions/adapters/aws/session-name';
import { GLOBAL_EVENTS_REGION } from '../config';
import { DeadLetterQueue } from '../constructs/dead-letter-queue';
import { assertRuleName, validateEventPatternSize } from '../constructs/ingestion-rules';
import { type IngestionPattern, renderEventPattern } from '../event-patterns';
import {
  PROTECTED_ROLE_PATTERNS,
  remediationActionConditions,
  supportsResourceAccount,
} from '../remediation-actions';

/** Name of the role the central `remediate` function (and nothing else) assumes to apply an approved fix. */
export const REMEDIATION_ROLE_NAME = 'compliance-bot-remediation';

/**
 * Name of the read-only role the central `plan` and `verify` functions assume for the remediation
 * catalog's `prepare` and `verify` reads (same `compliance-bot-<purpose>-read` pattern as the Config
 * read role).
 */
export const REMEDIATION_READ_ROLE_NAME = 'compliance-bot-remediation-read';

/** Name of the read-only role central functions assume to read a member account's Config history. */
export const CONFIG_READ_ROLE_NAME = 'compliance-bot-config-read';

/**
 * Every forwarding rule is named `<prefix><pattern id>`: the forwarding dead-letter queue admits
 * EventBridge only for rules of this account and region whose name starts with it, one policy
 * statement however many patterns there are. (Names CloudFormation generates start with the stack
 * name, which a StackSet chooses and CloudFormation truncates, so they cannot be matched reliably.)
 */
export const FORWARDING_RULE_NAME_PREFIX = 'compliance-bot-forward-';

/** Name of the queue where each member account and region keeps the events it could not forward. */
export const FORWARDING_DEAD_LETTER_QUEUE_NAME = 'compliance-bot-forwarding-dead-letters';

/**
 * Parameters the StackSet fills from the central stack (the member template is env-agnostic). The
 * template declares only those its resources use (the remediation ones only with remediation on,
 * the Config reader one only with the Config read role).
 */
export const MEMBER_PARAMETERS = {
  centralBusArn: 'CentralEventBusArn',
  remediationPrincipalArn: 'RemediationPrincipalArn',
  remediationReaderPrincipalArns: 'RemediationReaderPrincipalArns',
  configReaderPrincipalArns: 'ConfigReaderPrincipalArns',
} as const;

export interface MemberStackProps extends StackProps {
  organizationId: string;
  patterns: readonly IngestionPattern[];
  /**
   * Exact IAM actions of the remediation catalog: `writeActions` for the remediation role,
   * `readActions` for the read-only remediation read role. `undefined` when remediation is off (no
   * role of either kind).
   */
  remediation?: { writeActions: readonly string[]; readActions: readonly string[] };
  /** Create the read-only Config history role (some central function needs `config-read-role:assume`). */
  configReadRole?: boolean;
}

/**
 * What every member account gets, in every configured region, through the service-managed
 * StackSet of the central stack:
 *
 * - **Forwarding rules** on the account's default bus, one per ingestion pattern (the same patterns
 *   as the central rules, so noise is dropped before it costs a cross-account event), targeting the
 *   central bus with a role that may only `events:PutEvents` to that bus. Delivery is retried with
 *   EventBridge's default policy (24 hours, up to 185 attempts): no RetryPolicy is set, as the CDK
 *   documents retry policies as unsupported for event-bus targets (EventBusProps) and a rejected
 *   target would fail the StackSet in every account; the longer default also rides out a central
 *   outage. What still cannot reach
 *   the central bus (bus policy or organization mismatch, throttling, an outage) goes, as the
 *   original event plus EventBridge's error attributes, to this stack's **forwarding dead-letter
 *   queue** (`compliance-bot-forwarding-dead-letters`): SSE-SQS, TLS-only, 14 days, writable only by
 *   EventBridge for this account's forwarding rules. SSE-SQS rather than a customer key: a CMK in
 *   every member account and region costs $1/month each and needs a key policy for EventBridge,
 *   for a queue that is empty unless forwarding breaks. No alarm here: a member account has nothing
 *   an alarm could notify (infra/README.md says how operators watch these queues).
 *   Regions: AWS Config and most CloudTrail events arrive in the region where they happen, so the
 *   stack is deployed to every region in `complianceBot.regions`. IAM, STS and console sign-in
 *   events arrive only in us-east-1 (aws-facts §1.3); the config therefore requires us-east-1, and
 *   the same rules deployed elsewhere simply never see those events. Config items of global (IAM)
 *   resources arrive only in the region whose recorder includes global resource types.
 * - **The Config read role** (`compliance-bot-config-read`), only `config:GetResourceConfigHistory`,
 *   assumable by the central functions that read a member's history (oversized items, verification).
 * - **The remediation role** (`compliance-bot-remediation`), created only in us-east-1 because IAM
 *   is global and a named role can exist once per account. It trusts the central account, but only
 *   the remediate function's role (`aws:PrincipalArn`) and only from inside the organization
 *   (`aws:PrincipalOrgID`), in a session named `compliance-bot-*` (`sts:RoleSessionName`, as all
 *   three roles), and it may call exactly the write actions the remediation catalog declares, plus
 *   the reads Remediate repeats right before a write to refuse a stale plan (`recheckActions`), on
 *   resources of this account only (`aws:ResourceAccount`, where the action supports the key).
 * - **The remediation read role** (`compliance-bot-remediation-read`), us-east-1 only as well, trusted
 *   the same way but only by the plan and verify functions' roles, with exactly the read (Get / List /
 *   Describe) actions the catalog's `prepare` and `verify` calls use. Plan runs before any human
 *   approval, so it never holds credentials that can change a member resource.
 *   It is a role of its own rather than an extension of the Config read role: that one is trusted by
 *   normalize (which runs on every ingested event) and exists even when remediation is off; merging
 *   would hand normalize the catalog's reads and plan the Config history, which neither needs.
 *
 * Environment-agnostic with no assets (StackSet templates cannot have any): the central bus ARN and
 * the central function role ARNs each member role trusts come in as parameters, and the synthesizer
 * adds no bootstrap checks.
 */
export class MemberStack extends Stack {
  constructor(scope: Construct, id: string, props: MemberStackProps) {
    // No CDK::Metadata resource either: the template goes into a StackSet as-is.
    super(scope, id, { ...props, synthesizer: new BootstraplessSynthesizer(), analyticsReporting: false });

    const centralBusArn = new CfnParameter(this, MEMBER_PARAMETERS.centralBusArn, {
      type: 'String',
      description: 'ARN of the compliance bot event bus in the central account',
      allowedPattern: '^arn:aws[a-z-]*:events:[a-z0-9-]+:\\d{12}:event-bus/.+$',
    }).valueAsString;
    const forwarder = new Role(this, 'ForwardToCentralBusRole', {
      assumedBy: new ServicePrincipal('events.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
      description: 'EventBridge: forward compliance-relevant events to the central compliance bot bus',
      inlinePolicies: {
        PutEventsToCentralBus: new PolicyDocument({
          statements: [new PolicyStatement({ actions: ['events:PutEvents'], resources: [centralBusArn] })],
        }),
      },
    });
    const deadLetters = new DeadLetterQueue(this, 'ForwardingDeadLetters', {
      queueName: FORWARDING_DEAD_LETTER_QUEUE_NAME,
      watchedBy:
        'operators watch its ApproximateNumberOfMessagesVisible metric per member account and region ' +
        '(infra/README.md); a member account has no topic an alarm could notify',
    }).queue;
    deadLetters.addToResourcePolicy(
      new PolicyStatement({
        sid: 'ForwardingRulesDeadLetters',
        principals: [new ServicePrincipal('events.amazonaws.com')],
        actions: ['sqs:SendMessage'],
        resources: [deadLetters.queueArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID },
          ArnLike: {
            'aws:SourceArn': this.formatArn({
              service: 'events',
              resource: 'rule',
              resourceName: `${FORWARDING_RULE_NAME_PREFIX}*`,
            }),
          },
        },
      }),
    );
    for (const { id: patternId, description, pattern } of props.patterns) {
      const rule = new CfnRule(this, `Forward${patternId}`, {
        name: forwardingRuleName(patternId),
        description: `Forward to the compliance bot: ${description}`,
        eventBusName: 'default',
        eventPattern: renderEventPattern(pattern),
        state: 'ENABLED',
        targets: [
          {
            id: 'CentralBus',
            arn: centralBusArn,
            roleArn: forwarder.roleArn,
            deadLetterConfig: { arn: deadLetters.queueArn },
          },
        ],
      });
      validateEventPatternSize(rule);
    }

    // IAM is global and these roles are named: create them once per account, in us-east-1.
    const isGlobalRegion = new CfnCondition(this, 'IsGlobalResourcesRegion', {
      expression: Fn.conditionEquals(Aws.REGION, GLOBAL_EVENTS_REGION),
    });
    const centralAccountId = Fn.select(4, Fn.split(':', centralBusArn));
    const centralRoot = `arn:${Aws.PARTITION}:iam::${centralAccountId}:root`;

    /**
     * A named role, created in us-east-1 only, that trusts the central account but only the listed
     * central function roles (`aws:PrincipalArn`) from inside the organization (`aws:PrincipalOrgID`),
     * in sessions named as the bot names them (`sts:RoleSessionName` like `compliance-bot-*`:
     * functions/adapters/aws/session-name.ts), with one inline policy (none when `statements` is
     * empty) and the cdk-nag reason for its `*` resource.
     */
    const centralFunctionRole = (
      id: string,
      spec: {
        roleName: string;
        description: string;
        principals: string[];
        policyName: string;
        statements: PolicyStatement[];
        anyResourceReason: string;
      },
    ) => {
      const role = new Role(this, id, {
        roleName: spec.roleName,
        description: spec.description,
        assumedBy: new ArnPrincipal(centralRoot).withConditions({
          ArnEquals: { 'aws:PrincipalArn': spec.principals },
          StringEquals: { 'aws:PrincipalOrgID': props.organizationId },
          StringLike: { 'sts:RoleSessionName': `${SESSION_NAME_PREFIX}*` },
        }),
        inlinePolicies:
          spec.statements.length > 0
            ? { [spec.policyName]: new PolicyDocument({ statements: spec.statements }) }
            : undefined,
      });
      (role.node.defaultChild as CfnResource).cfnOptions.condition = isGlobalRegion;
      Validations.of(role).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: spec.anyResourceReason,
      });
    };

    if (props.configReadRole) {
      centralFunctionRole('ConfigReadRole', {
        roleName: CONFIG_READ_ROLE_NAME,
        description:
          'Assumed by the central compliance bot to read AWS Config history (oversized items, verification)',
        principals: new CfnParameter(this, MEMBER_PARAMETERS.configReaderPrincipalArns, {
          type: 'CommaDelimitedList',
          description: "ARNs of the central function roles allowed to read this account's Config history",
        }).valueAsList,
        policyName: 'ReadConfigHistory',
        statements: [new PolicyStatement({ actions: ['config:GetResourceConfigHistory'], resources: ['*'] })],
        anyResourceReason:
          'config:GetResourceConfigHistory has no resource-level permissions; the role can do nothing else and ' +
          'only the central functions listed in ConfigReaderPrincipalArns can assume it',
      });
    }

    if (props.remediation !== undefined) {
      const { writeActions, readActions } = props.remediation;
      // Declared only with the roles that use them: an unused parameter is a CloudFormation
      // validation warning (W2001) the user can do nothing about, and the StackSet passes exactly
      // the parameters this template declares (central-stack.ts).
      const remediationPrincipalArns = new CfnParameter(this, MEMBER_PARAMETERS.remediationPrincipalArn, {
        type: 'CommaDelimitedList',
        description:
          'ARN of the central remediate function role, the only principal allowed to assume the remediation (write) role',
      }).valueAsList;
      const remediationReaderPrincipalArns = new CfnParameter(
        this,
        MEMBER_PARAMETERS.remediationReaderPrincipalArns,
        {
          type: 'CommaDelimitedList',
          description:
            'ARNs of the central function roles allowed to assume the read-only remediation read role (plan, verify)',
        },
      ).valueAsList;
      centralFunctionRole('RemediationRole', {
        roleName: REMEDIATION_ROLE_NAME,
        description:
          'Assumed by the central compliance bot remediate function to apply approved remediations',
        principals: remediationPrincipalArns,
        policyName: 'RemediationCatalog',
        statements: remediationStatements(writeActions, [
          REMEDIATION_ROLE_NAME,
          REMEDIATION_READ_ROLE_NAME,
          CONFIG_READ_ROLE_NAME,
        ]),
        anyResourceReason:
          'The actions are exactly the write actions the remediation catalog declares, plus the reads it repeats before a ' +
          'write to refuse a stale plan; the resource is whichever ' +
          'one an approved finding names, so it cannot be known when the role is created. Only the central ' +
          'remediate function role can assume it (aws:PrincipalArn + aws:PrincipalOrgID), and only after a human approval',
      });
      centralFunctionRole('RemediationReadRole', {
        roleName: REMEDIATION_READ_ROLE_NAME,
        description:
          'Assumed by the central compliance bot plan and verify functions: read-only calls of the remediation catalog',
        principals: remediationReaderPrincipalArns,
        policyName: 'RemediationCatalogReads',
        statements:
          readActions.length > 0
            ? [new PolicyStatement({ actions: [...readActions], resources: ['*'] })]
            : [],
        anyResourceReason:
          'Only the Get/List/Describe actions the remediation catalog declares for its prepare and verify reads; the ' +
          'resource is whichever one a finding names, unknown when the role is created. Only the central plan and ' +
          'verify function roles can assume it (aws:PrincipalArn + aws:PrincipalOrgID)',
      });
    }
  }
}

/**
 * The name of the forwarding rule of one ingestion pattern (`FORWARDING_RULE_NAME_PREFIX` + id).
 * Throws for a name EventBridge would reject (over 64 characters, or outside `[.\-_A-Za-z0-9]`).
 */
export function forwardingRuleName(patternId: string): string {
  return assertRuleName(
    `${FORWARDING_RULE_NAME_PREFIX}${patternId}`,
    `shorten the id of ingestion pattern "${patternId}"`,
  );
}

/**
 * The catalog's actions, resource `*` (remediations act on whichever resource the approved finding
 * names), one Allow statement per distinct condition of `remediationActionConditions` (GuardDuty's
 * service-linked role only; AdministratorAccess as the only policy to detach). Each Allow also
 * requires `aws:ResourceAccount` to be this member account, so the role cannot change a resource of
 * another account that trusts it (a bucket policy naming the role, say); actions in
 * `RESOURCE_ACCOUNT_UNSUPPORTED` get their own statement without it. When the catalog has
 * IAM write actions, an explicit Deny keeps them off the roles the bot must never change
 * (`PROTECTED_ROLE_PATTERNS` plus `ownRoleNames`): a Deny wins over any Allow.
 */
export function remediationStatements(
  actions: readonly string[],
  ownRoleNames: readonly string[] = [],
): PolicyStatement[] {
  const conditions = remediationActionConditions(Aws.PARTITION);
  const groups = new Map<
    string,
    { actions: string[]; conditions?: Record<string, Record<string, string>> }
  >();
  for (const action of actions) {
    const condition = withResourceAccount(conditions[action], supportsResourceAccount(action));
    const key = condition ? JSON.stringify(condition) : '';
    const group = groups.get(key) ?? { actions: [], ...(condition ? { conditions: condition } : {}) };
    group.actions.push(action);
    groups.set(key, group);
  }
  const allow = [...groups.values()].map(
    (g) =>
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: g.actions,
        resources: ['*'],
        ...(g.conditions ? { conditions: g.conditions } : {}),
      }),
  );
  const iamWrites = actions.filter((a) => a.startsWith('iam:') && a !== 'iam:CreateServiceLinkedRole');
  const deny =
    iamWrites.length > 0
      ? [
          new PolicyStatement({
            effect: Effect.DENY,
            actions: iamWrites,
            resources: [...PROTECTED_ROLE_PATTERNS, ...ownRoleNames].map(
              (name) => `arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role/${name}`,
            ),
          }),
        ]
      : [];
  return [...allow, ...deny];
}

/** `condition` plus `aws:ResourceAccount` = this account (`StringEquals`), when `ownAccountOnly`. */
function withResourceAccount(
  condition: Record<string, Record<string, string>> | undefined,
  ownAccountOnly: boolean,
): Record<string, Record<string, string>> | undefined {
  if (!ownAccountOnly) return condition;
  return {
    ...condition,
    StringEquals: { ...condition?.StringEquals, 'aws:ResourceAccount': Aws.ACCOUNT_ID },
  };
}
