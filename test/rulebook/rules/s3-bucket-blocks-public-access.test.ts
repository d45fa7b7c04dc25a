import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/security/s3-bucket-blocks-public-access';
import { configItemFromEvent, runOnConfigItem, runOnTemplate } from '../../support/rule-harness';

const bucketItem = () => configItemFromEvent('events/config-ci-s3-bucket.json');

describe('s3-bucket-blocks-public-access', () => {
  describe('Config item', () => {
    it('fails when the fixture bucket has all four settings off, naming them', () => {
      const result = runOnConfigItem(rule, bucketItem());
      expect(result.status).toBe('fail');
      expect(result.evidence?.settingsOff).toEqual([
        'blockPublicAcls',
        'ignorePublicAcls',
        'blockPublicPolicy',
        'restrictPublicBuckets',
      ]);
    });

    it('passes when all four are on', () => {
      const item = bucketItem();
      (item.supplementaryConfiguration as Record<string, unknown>).PublicAccessBlockConfiguration = {
        blockPublicAcls: true,
        ignorePublicAcls: true,
        blockPublicPolicy: true,
        restrictPublicBuckets: true,
      };
      expect(runOnConfigItem(rule, item).status).toBe('pass');
    });

    it('fails when the item has no bucket-level configuration at all', () => {
      const item = bucketItem();
      delete (item.supplementaryConfiguration as Record<string, unknown>).PublicAccessBlockConfiguration;
      expect(runOnConfigItem(rule, item).status).toBe('fail');
    });
  });

  describe('CloudFormation', () => {
    const cases = [
      { name: 'no configuration: S3 default for new buckets', props: {}, expected: 'pass' },
      {
        name: 'all four on',
        props: {
          PublicAccessBlockConfiguration: {
            BlockPublicAcls: true,
            IgnorePublicAcls: 'true',
            BlockPublicPolicy: true,
            RestrictPublicBuckets: true,
          },
        },
        expected: 'pass',
      },
      {
        name: 'one flag missing defaults to off',
        props: {
          PublicAccessBlockConfiguration: {
            BlockPublicAcls: true,
            IgnorePublicAcls: true,
            BlockPublicPolicy: true,
          },
        },
        expected: 'fail',
      },
      {
        name: 'a flag behind a parameter',
        props: {
          PublicAccessBlockConfiguration: {
            BlockPublicAcls: { Ref: 'Flag' },
            IgnorePublicAcls: true,
            BlockPublicPolicy: true,
            RestrictPublicBuckets: true,
          },
        },
        expected: 'unknown',
      },
    ] as const;

    it.each(cases)('$name -> $expected', ({ props, expected }) => {
      const template = {
        Parameters: { Flag: { Type: 'String' } },
        Resources: { Bucket: { Type: 'AWS::S3::Bucket', Properties: props } },
      };
      expect(runOnTemplate(rule, template, 'Bucket').status).toBe(expected);
    });

    it('reads short-form YAML intrinsics', () => {
      const yaml = `
Parameters:
  Flag: { Type: String }
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      PublicAccessBlockConfiguration:
        BlockPublicAcls: !Ref Flag
        IgnorePublicAcls: false
        BlockPublicPolicy: true
        RestrictPublicBuckets: true
`;
      const result = runOnTemplate(rule, yaml, 'Bucket');
      expect(result.status).toBe('fail');
      expect(result.evidence?.settingsOff).toEqual(['ignorePublicAcls']);
    });
  });
});
