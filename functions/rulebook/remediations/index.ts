/**
 * The remediation catalog: one sorted map, id -> module. Add a module, then add its line here in
 * sorted order (a test checks the map matches the files on disk and is sorted).
 */
import cloudtrailEnableLogFileValidation from './cloudtrail-enable-log-file-validation';
import cloudtrailStartLogging from './cloudtrail-start-logging';
import configStartRecorder from './config-start-recorder';
import ebsSnapshotAndDeleteVolume from './ebs-snapshot-and-delete-volume';
import ec2ReleaseElasticIp from './ec2-release-elastic-ip';
import ec2RevokeWorldOpenIngress from './ec2-revoke-world-open-ingress';
import guarddutyEnableDetector from './guardduty-enable-detector';
import iamDeactivateAccessKey from './iam-deactivate-access-key';
import iamDetachAdministratorAccess from './iam-detach-administrator-access';
import kmsCancelKeyDeletion from './kms-cancel-key-deletion';
import kmsEnableKeyRotation from './kms-enable-key-rotation';
import rdsEnableDeletionProtection from './rds-enable-deletion-protection';
import type { Remediation } from './remediation';
import s3AddTlsOnlyPolicy from './s3-add-tls-only-policy';
import s3EnableDefaultEncryption from './s3-enable-default-encryption';
import s3EnableVersioning from './s3-enable-versioning';
import s3PutPublicAccessBlock from './s3-put-public-access-block';
import tagsAddMandatory from './tags-add-mandatory';
import vpcCreateGatewayEndpoints from './vpc-create-gateway-endpoints';

export const REMEDIATIONS: Readonly<Record<string, Remediation>> = Object.freeze({
  'cloudtrail-enable-log-file-validation': cloudtrailEnableLogFileValidation,
  'cloudtrail-start-logging': cloudtrailStartLogging,
  'config-start-recorder': configStartRecorder,
  'ebs-snapshot-and-delete-volume': ebsSnapshotAndDeleteVolume,
  'ec2-release-elastic-ip': ec2ReleaseElasticIp,
  'ec2-revoke-world-open-ingress': ec2RevokeWorldOpenIngress,
  'guardduty-enable-detector': guarddutyEnableDetector,
  'iam-deactivate-access-key': iamDeactivateAccessKey,
  'iam-detach-administrator-access': iamDetachAdministratorAccess,
  'kms-cancel-key-deletion': kmsCancelKeyDeletion,
  'kms-enable-key-rotation': kmsEnableKeyRotation,
  'rds-enable-deletion-protection': rdsEnableDeletionProtection,
  's3-add-tls-only-policy': s3AddTlsOnlyPolicy,
  's3-enable-default-encryption': s3EnableDefaultEncryption,
  's3-enable-versioning': s3EnableVersioning,
  's3-put-public-access-block': s3PutPublicAccessBlock,
  'tags-add-mandatory': tagsAddMandatory,
  'vpc-create-gateway-endpoints': vpcCreateGatewayEndpoints,
});

export function getRemediation(id: string): Remediation | undefined {
  return Object.hasOwn(REMEDIATIONS, id) ? REMEDIATIONS[id] : undefined;
}

/** The union of every module's write actions, sorted: the member-account remediation role gets exactly these. */
export function remediationWriteActions(): string[] {
  return unionOf((remediation) => remediation.writeActions);
}

/**
 * The union of every module's read actions (`prepare` and `verify` reads), sorted: the read-only
 * member-account remediation read role gets exactly these.
 */
export function remediationReadActions(): string[] {
  return unionOf((remediation) => remediation.readActions);
}

/**
 * The union of every module's `recheckActions`, sorted: reads Remediate repeats right before a write
 * built from them (a stale-plan check), so the remediation (write) role gets these too.
 */
export function remediationRecheckActions(): string[] {
  return unionOf((remediation) => remediation.recheckActions ?? []);
}

/**
 * Write actions whose parameters the remediation role does not restrict (IAM has no condition key for
 * what the call changes, e.g. a bucket policy's statements or which ingress rules go; or the role
 * grants the action on `*` without one, e.g. CreateVpcEndpoint's service): a remediation declaring
 * one must declare its exact input in `writeInputs`, and the executor refuses any other input, so a
 * forged plan cannot use the role to change something else about the resource.
 */
export const PARAMETER_UNRESTRICTED_ACTIONS: ReadonlySet<string> = new Set([
  'cloudtrail:UpdateTrail',
  'ec2:CreateSnapshot',
  'ec2:CreateVpcEndpoint',
  'ec2:RevokeSecurityGroupIngress',
  'guardduty:CreateDetector',
  'guardduty:UpdateDetector',
  'iam:UpdateAccessKey',
  'rds:ModifyDBCluster',
  'rds:ModifyDBInstance',
  's3:PutBucketPolicy',
  's3:PutBucketPublicAccessBlock',
  's3:PutBucketTagging',
  's3:PutBucketVersioning',
]);

function unionOf(list: (remediation: Remediation) => readonly string[]): string[] {
  const all = new Set<string>();
  for (const remediation of Object.values(REMEDIATIONS))
    for (const action of list(remediation)) all.add(action);
  return [...all].sort();
}

export type { Remediation, RemediationParams, VerifyResult } from './remediation';
export { defineRemediation, describeCall, RemediationPlanError } from './remediation';
