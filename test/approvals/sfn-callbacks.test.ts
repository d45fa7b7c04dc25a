import { SendTaskFailureCommand, SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { SfnTaskCallbacks } from '../../functions/adapters/aws/sfn-callbacks';
import { approversFor, parseApproverConfig } from '../../functions/approvals/approvers';
import { TaskExpiredError } from '../../functions/ports/task-callbacks';

const client = new SFNClient({ region: 'eu-west-1' });
const sfn = mockClient(client);
beforeEach(() => sfn.reset());

describe('SfnTaskCallbacks', () => {
  it('sends SendTaskSuccess with the JSON output', async () => {
    await new SfnTaskCallbacks(client).succeed('tok', {
      approved: true,
      by: 'sam',
      at: '2026-11-22T10:05:00.000Z',
    });
    expect(sfn).toHaveReceivedCommandWith(SendTaskSuccessCommand, {
      taskToken: 'tok',
      output: '{"approved":true,"by":"sam","at":"2026-11-22T10:05:00.000Z"}',
    });
  });

  it('sends SendTaskFailure with the error the state machine catches', async () => {
    await new SfnTaskCallbacks(client).fail('tok', 'Remediation.Rejected', 'Rejected by sam');
    expect(sfn).toHaveReceivedCommandWith(SendTaskFailureCommand, {
      taskToken: 'tok',
      error: 'Remediation.Rejected',
      cause: 'Rejected by sam',
    });
  });

  it.each(['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken'])(
    'maps %s to TaskExpiredError',
    async (name) => {
      sfn.on(SendTaskSuccessCommand).rejects(Object.assign(new Error('gone'), { name }));
      const error = await new SfnTaskCallbacks(client).succeed('tok', {}).catch((e) => e);
      expect(error).toBeInstanceOf(TaskExpiredError);
      expect(error.reason).toBe(name);
      expect(error.message).not.toContain('tok');
    },
  );

  it('lets other errors through (the caller retries)', async () => {
    sfn
      .on(SendTaskFailureCommand)
      .rejects(Object.assign(new Error('slow down'), { name: 'ThrottlingException' }));
    await expect(new SfnTaskCallbacks(client).fail('tok', 'e', 'c')).rejects.toMatchObject({
      name: 'ThrottlingException',
    });
  });
});

describe('approver config', () => {
  const config = parseApproverConfig({
    default: ['U0DEFAULT1'],
    bySeverity: { critical: ['U0SECLEAD1'] },
    byAccount: { '111122223333': { high: ['U0OWNER001'] }, '444455556666': ['U0OWNER002'] },
  });
  it.each([
    ['critical', undefined, ['U0SECLEAD1']],
    ['low', undefined, ['U0DEFAULT1']],
    ['high', '111122223333', ['U0OWNER001']],
    ['low', '111122223333', []],
    ['info', '444455556666', ['U0OWNER002']],
    ['high', '999999999999', ['U0DEFAULT1']],
  ])('%s in %s -> %o', (severity, account, expected) => {
    expect(approversFor(config, severity, account)).toEqual(expected);
  });
  it('rejects ids that are not Slack user ids', () => {
    expect(() => parseApproverConfig({ default: ['jane@example.com'] })).toThrow(/Slack user id/);
    expect(() => parseApproverConfig({ byAccount: { '12': ['U0X1'] } })).toThrow(/12-digit/);
  });
  it('fails closed with no configuration', () => {
    expect(approversFor(parseApproverConfig({}), 'critical')).toEqual([]);
  });
});
