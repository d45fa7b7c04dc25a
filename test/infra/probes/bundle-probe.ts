/**
 * Synthesizes one house-default function with real bundling and prints the asset folder. Run in its
 * own process (by bundling.test.ts): CDK's local bundling pipes esbuild's output to process.stderr,
 * which a vitest worker thread does not accept as a spawn stdio.
 */
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Key } from 'aws-cdk-lib/aws-kms';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { handlerEntry } from '../../../functions/handlers/manifest';
import { CheckerFunction } from '../../../infra/constructs/checker-function';

const app = new App({ outdir: process.argv[2] });
const stack = new Stack(app, 'BundlingProbe');
const record = handlerEntry('record');
new CheckerFunction(stack, 'Record', {
  entry: record.entry,
  serviceName: 'probe',
  timeout: Duration.seconds(record.timeoutSeconds),
  memorySize: record.memoryMb,
  logRetention: RetentionDays.ONE_WEEK,
  logKey: new Key(stack, 'Key'),
});
const assembly = app.synth();
process.stdout.write(JSON.stringify({ directory: assembly.directory }));
