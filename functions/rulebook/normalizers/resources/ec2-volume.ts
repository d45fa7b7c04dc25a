import type { Ec2Volume } from '../../model/resources/ec2-volume';
import { type Maybe, Unknown } from '../../model/unknown';
import { ResourceReference } from '../cloudformation/reference';
import {
  baseFromCloudFormation,
  baseFromConfigItem,
  type CfnResource,
  defineNormalizer,
} from '../normalizer';
import { asArray, asBoolean, asNumber, asString, get } from '../values';

export default defineNormalizer<Ec2Volume>({
  resourceType: 'AWS::EC2::Volume',
  // Read into this model from the template (see fromCloudFormation), so not listed as unchecked.
  readsTypes: ['AWS::EC2::VolumeAttachment'],

  // Field names: awslabs/aws-config-rdk example_ci/AWS_EC2_Volume.json (configuration.encrypted,
  // state, attachments[].instanceId, volumeType, size). In configuration items `state` is a string;
  // Config advanced query shows it as `state.value`, so both are read.
  fromConfigItem(item, source) {
    const c = item.configuration;
    const rawState = c.state;
    const state = asString(
      typeof rawState === 'object' && rawState !== null ? (rawState as { value?: unknown }).value : rawState,
    );
    const attachments = asArray(c.attachments);
    const instances: string[] = [];
    if (Array.isArray(attachments)) {
      for (const attachment of attachments) {
        const id = asString(get(attachment, 'instanceId'));
        if (typeof id === 'string') instances.push(id);
      }
    }
    let attached: Maybe<boolean>;
    if (instances.length > 0 || state === 'in-use') attached = true;
    else if (state === 'available') attached = false;
    else if (state instanceof Unknown) attached = state;
    else attached = new Unknown(`volume state is ${String(state ?? 'not recorded')}`);
    // One object from the base, no spread: spreading a populated object is V8's slow path.
    const volume: Ec2Volume = Object.assign(baseFromConfigItem(item, source), {
      type: 'AWS::EC2::Volume' as const,
      encrypted: asBoolean(c.encrypted) ?? new Unknown('the configuration item has no encrypted flag'),
      attached,
      attachedTo: instances,
      volumeType: asString(c.volumeType) ?? new Unknown('the configuration item has no volumeType'),
    });
    if (c.size !== undefined) volume.sizeGiB = asNumber(c.size);
    return volume;
  },

  // Property names and defaults: AWS::EC2::Volume (Encrypted default false, VolumeType default gp2).
  // A volume restored from a snapshot inherits the snapshot's encryption. Attachments are separate
  // resources: AWS::EC2::VolumeAttachment (VolumeId) or an AWS::EC2::Instance `Volumes` entry.
  fromCloudFormation(resource, scope) {
    const p = resource.properties;
    const snapshot = asString(p.SnapshotId);
    const encrypted = asBoolean(p.Encrypted);
    const type = asString(p.VolumeType);
    const attachments = scope.referencing('AWS::EC2::VolumeAttachment', 'VolumeId', resource.logicalId);
    const instances = attachments.map((a) => instanceName(a));
    for (const candidate of scope.ofType('AWS::EC2::Instance')) {
      if (attachesVolume(candidate, resource.logicalId)) {
        instances.push(candidate.logicalId);
      }
    }
    return Object.assign(baseFromCloudFormation(resource), {
      type: 'AWS::EC2::Volume' as const,
      encrypted:
        encrypted === true || encrypted instanceof Unknown
          ? encrypted
          : snapshot !== undefined
            ? new Unknown('encryption is inherited from the source snapshot')
            : false,
      attached: instances.length > 0,
      attachedTo: instances,
      volumeType: type ?? 'gp2',
      ...(type === undefined ? { volumeTypeIsDefault: true } : {}),
      ...(p.Size !== undefined ? { sizeGiB: asNumber(p.Size) } : {}),
    });
  },
});

function instanceName(attachment: CfnResource): string {
  const instance = attachment.properties.InstanceId;
  if (instance instanceof ResourceReference) return instance.logicalId;
  return typeof instance === 'string' ? instance : attachment.logicalId;
}

function attachesVolume(instance: CfnResource, volumeLogicalId: string): boolean {
  const volumes = instance.properties.Volumes;
  if (!Array.isArray(volumes)) return false;
  return volumes.some((v) => {
    const id = get(v, 'VolumeId');
    return id instanceof ResourceReference && id.logicalId === volumeLogicalId;
  });
}
