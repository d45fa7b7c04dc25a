import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/cost-optimization/ebs-volume-unattached';
import { runOnConfigItem, runOnTemplate } from '../../support/rule-harness';
import { type CI, eventItem } from '../storage-helpers';

describe('ebs-volume-unattached', () => {
  const configCases: Array<{ name: string; mutate: (ci: CI) => void; expected: string }> = [
    { name: 'fixture: state available, no attachments', mutate: () => {}, expected: 'fail' },
    {
      name: 'attached to an instance',
      mutate: (ci) => {
        ci.configuration.state = 'in-use';
        ci.configuration.attachments = [
          {
            attachTime: '2025-01-14T16:02:11.000Z',
            device: '/dev/xvdf',
            instanceId: 'i-0123456789abcdef0',
            state: 'attached',
            volumeId: 'vol-0e9d8c7b6a5f43210',
            deleteOnTermination: false,
          },
        ];
      },
      expected: 'pass',
    },
    {
      name: 'state in advanced-query form { value: "available" }',
      mutate: (ci) => {
        ci.configuration.state = { value: 'available' };
      },
      expected: 'fail',
    },
    {
      name: 'volume being created',
      mutate: (ci) => {
        ci.configuration.state = 'creating';
      },
      expected: 'unknown',
    },
  ];
  it.each(configCases)('Config: $name -> $expected', ({ mutate, expected }) => {
    const item = eventItem('config-ci-ec2-volume-unattached');
    mutate(item);
    expect(runOnConfigItem(rule, item).status).toBe(expected);
  });

  it('reports the size and type paid for', () => {
    const result = runOnConfigItem(rule, eventItem('config-ci-ec2-volume-unattached'));
    expect(result.message).toBe(
      'The volume is not attached to any instance (state available): 500 GiB gp3 paid for but unused',
    );
    expect(result.evidence).toEqual({ attached: false, sizeGiB: 500, volumeType: 'gp3' });
  });

  const base = `
Resources:
  Volume:
    Type: AWS::EC2::Volume
    Properties: { AvailabilityZone: eu-west-1a, Size: 100, VolumeType: gp3, Encrypted: true }
`;
  const templateCases = [
    { name: 'no attachment', extra: '', expected: 'fail' },
    {
      name: 'AWS::EC2::VolumeAttachment',
      extra: `
  Attachment:
    Type: AWS::EC2::VolumeAttachment
    Properties: { InstanceId: !Ref Server, VolumeId: !Ref Volume, Device: /dev/sdf }
`,
      expected: 'pass',
    },
    {
      name: 'Volumes entry on an instance',
      extra: `
  Server:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-0123456789abcdef0
      Volumes: [{ Device: /dev/sdf, VolumeId: !Ref Volume }]
`,
      expected: 'pass',
    },
    {
      name: 'attachment of another volume',
      extra: `
  Attachment:
    Type: AWS::EC2::VolumeAttachment
    Properties: { InstanceId: !Ref Server, VolumeId: vol-0aaaaaaaaaaaaaaaa, Device: /dev/sdf }
`,
      expected: 'fail',
    },
  ];
  it.each(templateCases)('CloudFormation: $name -> $expected', ({ extra, expected }) => {
    expect(runOnTemplate(rule, base + extra, 'Volume').status).toBe(expected);
  });
});
