import { S3Client } from '@aws-sdk/client-s3';
import { dynamoStore } from '../../adapters/aws/clients';
import { workflowNotifier } from '../../adapters/aws/notifier';
import { S3ReportStore } from '../../adapters/aws/s3-report-store';
import { env, required } from '../../shared/env';
import { remainingInvocationMs } from '../../shared/invocation';
import { createHandler } from './handler';

export { createHandler, createTask } from './handler';

const e = env();
const store = dynamoStore(e);

export const handler = createHandler({
  reports: new S3ReportStore(new S3Client({}), required(e, 'REPORT_BUCKET'), e.REPORT_KMS_KEY_ARN),
  notifier: workflowNotifier(e, {
    findings: store.findings,
    deliveries: store.deliveries,
    remainingMs: remainingInvocationMs,
  }),
});
export default handler;
