import { fail, pass, unknown } from '../../model/evaluation';
import type { Ec2Volume } from '../../model/resources/ec2-volume';
import { Unknown } from '../../model/unknown';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'ebs-volume-encrypted',
  title: 'EBS volumes are encrypted',
  pillar: 'security',
  severity: 'high',
  appliesTo: { kind: 'resource', resourceTypes: ['AWS::EC2::Volume'] },
  source: {
    seed: '000',
    section: 'Security References / 2. Data Protection (encrypt all data at rest: EBS)',
  },
  rationale:
    'An unencrypted volume, and every snapshot taken from it, holds its data in clear text; a snapshot shared ' +
    'by mistake exposes everything on the disk. Encryption cannot be turned on for an existing volume.',
  recommendation:
    'Set Encrypted: true with a customer managed KmsKeyId, and turn on EBS encryption by default in every ' +
    'account and Region. For an existing volume, snapshot it, copy the snapshot with encryption and restore.',
  expectedImpact: 'Volume data and its snapshots are encrypted at rest.',
  references: { securityHub: ['EC2.3'], configRules: ['ENCRYPTED_VOLUMES'] },
  evaluate(volume: Ec2Volume) {
    const encrypted = volume.encrypted;
    if (encrypted instanceof Unknown)
      return unknown('Whether the volume is encrypted is not known', encrypted);
    if (encrypted) return pass('The volume is encrypted');
    return fail(
      volume.source === 'cloudformation'
        ? 'Encrypted is not true: the volume is unencrypted unless EBS encryption by default is on in the account and Region'
        : 'The volume is not encrypted',
      { encrypted: false },
    );
  },
});
