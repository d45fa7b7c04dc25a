import { CfnResource } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { METADATA_KEY } from '../../functions/cli/inputs/suppressions';

/**
 * Records in the synthesized template that a compliance-bot finding on this construct's resource is
 * accepted, and why: `Metadata: { "compliance-bot": { "suppressions": [ { rule, reason } ] } }`,
 * which `compliance-bot scan` shows as suppressed (the way cdk-nag acknowledgements work for cdk-nag).
 */
export function acceptFinding(construct: IConstruct, rule: string, reason: string): void {
  const resource = construct instanceof CfnResource ? construct : construct.node.defaultChild;
  if (!(resource instanceof CfnResource)) {
    throw new Error(`${construct.node.path}: no CloudFormation resource to record the accepted ${rule} on`);
  }
  const existing = resource.getMetadata(METADATA_KEY) as { suppressions?: unknown[] } | undefined;
  resource.addMetadata(METADATA_KEY, {
    suppressions: [...(existing?.suppressions ?? []), { rule, reason }],
  });
}
