import type { Maybe } from '../model/unknown';
import { endsWithKnown, PartialString } from '../normalizers/cloudformation/reference';

/**
 * Does a VPC endpoint service name end with `.s3` / `.dynamodb`? Like the core `endsWithKnown`, but a
 * literal tail at least as long as the suffix decides the answer either way:
 * `com.amazonaws.${AWS::Region}.dynamodb` is certainly not an S3 endpoint.
 */
export function serviceEndsWith(serviceName: unknown, suffix: string): Maybe<boolean> {
  if (serviceName instanceof PartialString) {
    const tail = serviceName.knownSuffix;
    if (tail.endsWith(suffix)) return true;
    if (tail.length >= suffix.length) return false;
    return serviceName;
  }
  return endsWithKnown(serviceName, suffix);
}
