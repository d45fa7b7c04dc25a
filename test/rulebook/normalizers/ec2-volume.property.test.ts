import { describe, it } from 'vitest';
import { eventItem } from '../storage-helpers';
import { checkConfigItems, checkTemplates } from './property-support';

describe('AWS::EC2::Volume normalizer (property)', () => {
  it('never throws on mutated configuration items, and every rule still answers', () => {
    checkConfigItems(eventItem('config-ci-ec2-volume-unattached'));
  });

  it('never throws on mutated templates, and every rule still answers', () => {
    checkTemplates({
      Volume: {
        Type: 'AWS::EC2::Volume',
        Properties: { AvailabilityZone: 'eu-west-1a', Size: 100, VolumeType: 'gp3', Encrypted: true },
      },
      Attachment: {
        Type: 'AWS::EC2::VolumeAttachment',
        Properties: { VolumeId: { Ref: 'Volume' }, InstanceId: { Ref: 'Server' }, Device: '/dev/sdf' },
      },
      Server: {
        Type: 'AWS::EC2::Instance',
        Properties: { Volumes: [{ VolumeId: { Ref: 'Volume' }, Device: '/dev/sdg' }] },
      },
    });
  });
});
