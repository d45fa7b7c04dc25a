import { fail, pass, unknown } from '../../model/evaluation';
import type { DynamoDbTable } from '../../model/resources/dynamodb-table';
import { Unknown } from '../../model/unknown';
import { defineRule } from '../../rule';

/**
 * DynamoDB always encrypts at rest; by default with a key AWS owns and the customer cannot see,
 * restrict or audit. The seed (000 "Encrypt all data at rest ... with KMS CMKs") asks for KMS.
 * A Config item cannot tell the AWS managed key `aws/dynamodb` from a customer managed one (both
 * are key ARNs), so any KMS key passes, as in the AWS Config rule DYNAMODB_TABLE_ENCRYPTED_KMS.
 */
export default defineRule({
  id: 'dynamodb-table-encrypted-with-kms',
  title: 'DynamoDB tables are encrypted with a KMS key, not the AWS owned key',
  pillar: 'security',
  severity: 'low',
  appliesTo: { kind: 'resource', resourceTypes: ['AWS::DynamoDB::Table'] },
  source: {
    seed: '000',
    section: 'Security References / 2. Data Protection (encrypt all data at rest with KMS CMKs)',
  },
  rationale:
    'A table encrypted with the AWS owned key is encrypted, but no key policy limits who can read it and no ' +
    'CloudTrail record shows key use. With a KMS key, access to the data also needs access to the key.',
  recommendation:
    'Set SSESpecification SSEEnabled: true, SSEType: KMS and KMSMasterKeyId to a customer managed key.',
  expectedImpact: 'Reading table data requires permission on a key you control, and each use is logged.',
  references: { configRules: ['DYNAMODB_TABLE_ENCRYPTED_KMS'] },
  evaluate(table: DynamoDbTable) {
    const encryption = table.encryption;
    if (encryption instanceof Unknown)
      return unknown('The table encryption is set at deploy time', encryption);
    if (encryption.keyType === 'AWS_OWNED') {
      return fail('The table is encrypted only with the AWS owned key (SSE with a KMS key is off)', {
        encryption: 'AWS_OWNED',
      });
    }
    const key = encryption.kmsKeyId;
    if (key === undefined) return pass('The table is encrypted with the AWS managed KMS key aws/dynamodb');
    // Any value here, even an empty one, still means a KMS key (aws/dynamodb when empty).
    return pass('The table is encrypted with a KMS key', {
      kmsKeyId: key instanceof Unknown ? key.toJSON() : key,
    });
  },
});
