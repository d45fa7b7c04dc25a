import type { ResourceBase } from '../resource';
import type { Maybe } from '../unknown';

export interface LambdaFunction extends ResourceBase {
  type: 'AWS::Lambda::Function';
  /** `undefined` for container images (`PackageType: Image`), which have no managed runtime. */
  runtime: Maybe<string> | undefined;
  packageType: Maybe<'Zip' | 'Image'>;
  /** MB. Lambda's default when not set is 128. */
  memorySize: Maybe<number>;
  /** True when the template leaves `MemorySize` out (Config items always carry the value). */
  memorySizeIsDefault?: boolean;
  /** Seconds. Lambda's default when not set is 3. */
  timeout: Maybe<number>;
  timeoutIsDefault?: boolean;
  /** `x86_64` (the default) or `arm64`. */
  architectures: Maybe<string[]>;
  /** `Active` or `PassThrough` (the default). */
  tracingMode: Maybe<string>;
  /**
   * Environment variables, name to value; values may be Unknown (intrinsics). `Unknown` as a whole
   * when the input does not carry them (AWS Config items do not list environment variables).
   */
  environment: Maybe<Record<string, Maybe<string>>>;
}
