import { fail, pass, unknown } from '../../model/evaluation';
import type { SnsTopic } from '../../model/resources/sns-topic';
import { Unknown } from '../../model/unknown';
import { defineRule } from '../../rule';

export default defineRule({
  id: 'sns-topic-encrypted',
  title: 'SNS topics encrypt messages at rest with KMS',
  pillar: 'security',
  severity: 'medium',
  appliesTo: { kind: 'resource', resourceTypes: ['AWS::SNS::Topic'] },
  source: { seed: '000', section: 'Security References / 2. Data Protection (encrypt all data at rest)' },
  rationale:
    'SNS stores messages until every subscriber has them; without server-side encryption they sit unencrypted ' +
    'and anyone allowed to publish or subscribe is the only control.',
  recommendation:
    'Set KmsMasterKeyId to a customer managed KMS key (grant the publishing services kms:GenerateDataKey and ' +
    'kms:Decrypt in the key policy).',
  expectedImpact: 'Messages at rest are encrypted under a key whose use is controlled and logged.',
  references: { securityHub: ['SNS.1'], configRules: ['SNS_ENCRYPTED_KMS'] },
  evaluate(topic: SnsTopic) {
    const key = topic.kmsMasterKeyId;
    if (key === undefined) return fail('The topic has no KmsMasterKeyId: messages are not encrypted at rest');
    if (key instanceof Unknown) return unknown('The topic KMS key is set at deploy time', key);
    return pass('The topic is encrypted with a KMS key', { kmsMasterKeyId: key });
  },
});
