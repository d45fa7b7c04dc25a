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
import { CfnRule, type EventPattern } from 'aws-cdk-lib/aws-events';
import {
  ArnPrincipal,
  Effect,
  PolicyDocument,
  PolicyStatement,
  Role,
  ServicePrincipal,
} from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { GLOBAL_EVENTS_REGION } from '../config';
import type { IngestionPattern } from '../event-patterns';

/** Name of the role the central `remediate` function assumes in each member account. */
export const REMEDIATION_ROLE_NAME = 'compliance-bot-remediation';

/** Name of the read-only role central functions assume to read a member account's Config history. */
export const CONFIG_READ_ROLE_NAME = 'compliance-bot-config-read';

/** Parameters the StackSet fills from the central stack (the member template is env-agnostic). */
export const MEMBER_PARAMETERS = {
  centralBusArn: 'CentralEventBusArn',
  remediationPrincipalArn: 'RemediationPrincipalArn',
  configReaderPrincipalArns: 'ConfigReaderPrincipalArns',
} as const;

export interface MemberStackProps extends StackProps {
  organizationId: string;
  patterns: readonly IngestionPattern[];
  /** Exact IAM actions of the remediation catalog; `undefined` when remediation is off (no role). */
  remediationActions?: readonly string[];
  /** Create the read-only Config history role (some central function needs `config-read-role:assume`). */
  configReadRole?: boolean;
}

/**
 * What every member account gets, in every configured region, through the service-managed
 * StackSet of the central stack:
 *
 * - **Forwarding rules** on the account's default bus, one per ingestion pattern (the same patterns
 *   as the central rules, so noise is dropped before it costs a cross-account event), targeting the
 *   central bus with a role that may only `events:PutEvents` to that bus.
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
 *   (`aws:PrincipalOrgID`), and it may call exactly the actions the remediation catalog declares.
 *
 * Environment-agnostic with no assets (StackSet templates cannot have any): the central bus ARN and
 * the remediation principal come in as parameters, and the synthesizer adds no bootstrap checks.
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
    const remediationPrincipalArns = new CfnParameter(this, MEMBER_PARAMETERS.remediationPrincipalArn, {
      type: 'CommaDelimitedList',
      description:
        'ARNs of the central function roles allowed to assume the remediation role (plan reads, remediate, verify reads)',
    }).valueAsList;

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
    for (const { id: patternId, description, pattern } of props.patterns) {
      new CfnRule(this, `Forward${patternId}`, {
        description: `Forward to the compliance bot: ${description}`,
        eventBusName: 'default',
        eventPattern: renderEventPattern(pattern),
        state: 'ENABLED',
        targets: [{ id: 'CentralBus', arn: centralBusArn, roleArn: forwarder.roleArn }],
      });
    }

    // IAM is global and these roles are named: create them once per account, in us-east-1.
    const isGlobalRegion = new CfnCondition(this, 'IsGlobalResourcesRegion', {
      expression: Fn.conditionEquals(Aws.REGION, GLOBAL_EVENTS_REGION),
    });
    const centralAccountId = Fn.select(4, Fn.split(':', centralBusArn));
    const centralRoot = `arn:${Aws.PARTITION}:iam::${centralAccountId}:root`;

    if (props.configReadRole) {
      const readers = new CfnParameter(this, MEMBER_PARAMETERS.configReaderPrincipalArns, {
        type: 'CommaDelimitedList',
        description: "ARNs of the central function roles allowed to read this account's Config history",
      }).valueAsList;
      const reader = new Role(this, 'ConfigReadRole', {
        roleName: CONFIG_READ_ROLE_NAME,
        description:
          'Assumed by the central compliance bot to read AWS Config history (oversized items, verification)',
        assumedBy: new ArnPrincipal(centralRoot).withConditions({
          ArnEquals: { 'aws:PrincipalArn': readers },
          StringEquals: { 'aws:PrincipalOrgID': props.organizationId },
        }),
        inlinePolicies: {
          ReadConfigHistory: new PolicyDocument({
            statements: [
              new PolicyStatement({ actions: ['config:GetResourceConfigHistory'], resources: ['*'] }),
            ],
          }),
        },
      });
      (reader.node.defaultChild as CfnResource).cfnOptions.condition = isGlobalRegion;
      Validations.of(reader).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'config:GetResourceConfigHistory has no resource-level permissions; the role can do nothing else and ' +
          'only the central functions listed in ConfigReaderPrincipalArns can assume it',
      });
    }

    if (props.remediationActions !== undefined) {
      const role = new Role(this, 'RemediationRole', {
        roleName: REMEDIATION_ROLE_NAME,
        description: 'Assumed by the central compliance bot to apply approved remediations',
        assumedBy: new ArnPrincipal(centralRoot).withConditions({
          ArnEquals: { 'aws:PrincipalArn': remediationPrincipalArns },
          StringEquals: { 'aws:PrincipalOrgID': props.organizationId },
        }),
        inlinePolicies:
          props.remediationActions.length > 0
            ? {
                RemediationCatalog: new PolicyDocument({
                  statements: remediationStatements(props.remediationActions),
                }),
              }
            : undefined,
      });
      (role.node.defaultChild as CfnResource).cfnOptions.condition = isGlobalRegion;
      Validations.of(role).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'The actions are exactly those the remediation catalog declares; the resource is whichever one an ' +
          'approved finding names, so it cannot be known when the role is created. Only the central remediate ' +
          'function role can assume it (aws:PrincipalArn + aws:PrincipalOrgID), and only after a human approval',
      });
    }
  }
}

/** A CDK `EventPattern` in the raw EventBridge JSON form (`detailType` -> `detail-type`). */
export function renderEventPattern(pattern: EventPattern): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(pattern)) {
    if (value === undefined) continue;
    out[key === 'detailType' ? 'detail-type' : key] = value;
  }
  return out;
}

/**
 * The catalog's actions, resource `*` (remediations act on whichever resource the approved finding
 * names). `iam:CreateServiceLinkedRole` (GuardDuty CreateDetector creates its service-linked role)
 * gets its own statement limited to the GuardDuty service.
 */
export function remediationStatements(actions: readonly string[]): PolicyStatement[] {
  const SLR = 'iam:CreateServiceLinkedRole';
  const plain = actions.filter((a) => a !== SLR);
  return [
    ...(plain.length > 0
      ? [new PolicyStatement({ effect: Effect.ALLOW, actions: [...plain], resources: ['*'] })]
      : []),
    ...(actions.includes(SLR)
      ? [
          new PolicyStatement({
            effect: Effect.ALLOW,
            actions: [SLR],
            resources: ['*'],
            conditions: { StringEquals: { 'iam:AWSServiceName': 'guardduty.amazonaws.com' } },
          }),
        ]
      : []),
  ];
}
