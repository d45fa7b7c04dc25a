import { describe, expect, it } from 'vitest';
import rule from '../../../functions/rulebook/rules/security/dynamodb-table-encrypted-with-kms';
import { runOnConfigItem, runOnTemplate } from '../../support/rule-harness';
import { type CI, HIDDEN, storageItem, template } from '../storage-helpers';

const keyArn = 'arn:aws:kms:eu-west-1:111122223333:key/6f1e2d3c-4b5a-4968-8f7e-6d5c4b3a2f10';

describe('dynamodb-table-encrypted-with-kms', () => {
  const configCases: Array<{ name: string; mutate: (ci: CI) => void; expected: string }> = [
    { name: 'fixture: no SSE description (AWS owned key)', mutate: () => {}, expected: 'fail' },
    {
      name: 'SSE with a KMS key (schema spelling ssedescription)',
      mutate: (ci) => {
        ci.configuration.ssedescription = { status: 'ENABLED', ssetype: 'KMS', kmsmasterKeyArn: keyArn };
      },
      expected: 'pass',
    },
    {
      name: 'SSE with a KMS key (SDK spelling sseDescription)',
      mutate: (ci) => {
        ci.configuration.sseDescription = { status: 'ENABLED', sseType: 'KMS', kmsMasterKeyArn: keyArn };
      },
      expected: 'pass',
    },
    {
      name: 'SSE being disabled',
      mutate: (ci) => {
        ci.configuration.ssedescription = { status: 'DISABLING' };
      },
      expected: 'fail',
    },
  ];
  it.each(configCases)('Config: $name -> $expected', ({ mutate, expected }) => {
    const item = storageItem('config-ci-dynamodb-table');
    mutate(item);
    expect(runOnConfigItem(rule, item).status).toBe(expected);
  });

  const table = (sse?: Record<string, unknown>) => ({
    Table: {
      Type: 'AWS::DynamoDB::Table',
      Properties: {
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        ...(sse ? { SSESpecification: sse } : {}),
      },
    },
    Key: { Type: 'AWS::KMS::Key' },
  });
  const templateCases = [
    { name: 'no SSESpecification', sse: undefined, expected: 'fail' },
    { name: 'SSEEnabled false', sse: { SSEEnabled: false }, expected: 'fail' },
    { name: 'SSEEnabled with the AWS managed key', sse: { SSEEnabled: true }, expected: 'pass' },
    {
      name: 'customer managed key from the template',
      sse: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: { Ref: 'Key' } },
      expected: 'pass',
    },
    { name: 'SSEEnabled behind a parameter', sse: { SSEEnabled: HIDDEN }, expected: 'unknown' },
  ];
  it.each(templateCases)('CloudFormation: $name -> $expected', ({ sse, expected }) => {
    expect(runOnTemplate(rule, template(table(sse)), 'Table').status).toBe(expected);
  });
});
