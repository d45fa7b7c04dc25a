import { describe, it } from 'vitest';
import { storageItem } from '../storage-helpers';
import { checkConfigItems, checkTemplates } from './property-support';

describe('AWS::EC2::EIP normalizer (property)', () => {
  it('never throws on mutated configuration items, and every rule still answers', () => {
    checkConfigItems(storageItem('config-ci-ec2-eip'));
  });

  it('never throws on mutated templates, and every rule still answers', () => {
    checkTemplates({
      Address: { Type: 'AWS::EC2::EIP', Properties: { Domain: 'vpc' } },
      Nat: {
        Type: 'AWS::EC2::NatGateway',
        Properties: { AllocationId: { 'Fn::GetAtt': ['Address', 'AllocationId'] } },
      },
    });
  });
});
