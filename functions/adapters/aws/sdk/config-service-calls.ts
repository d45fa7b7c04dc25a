/**
 * The Config client and the commands the remediation catalog calls on it (`service: 'ConfigService'`
 * in functions/rulebook/remediations), for the executor's lazy `import()`. Verify keeps the Config
 * client bundled (it reads Config history at every invocation), and there a lazy `import()` of the
 * whole package bundled every Config command, enum and schema (about 120 KB) for these two calls.
 * A catalog call missing here fails as `UnsupportedCallError`; test/remediations covers every one.
 */
export {
  ConfigServiceClient,
  DescribeConfigurationRecorderStatusCommand,
  StartConfigurationRecorderCommand,
} from '@aws-sdk/client-config-service';
