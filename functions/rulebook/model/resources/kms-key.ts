import type { ResourceBase } from '../resource';
import type { Maybe } from '../unknown';

/** A KMS key. Field names follow DescribeKey (`KeyMetadata`), which is what AWS Config records. */
export interface KmsKey extends ResourceBase {
  type: 'AWS::KMS::Key';
  /** `CUSTOMER` for customer managed keys, `AWS` for AWS managed keys (`aws/s3`, ...). */
  keyManager: Maybe<'AWS' | 'CUSTOMER'>;
  /** `SYMMETRIC_DEFAULT`, `RSA_2048`, `ECC_NIST_P256`, `HMAC_256`, ... */
  keySpec: Maybe<string>;
  /** `ENCRYPT_DECRYPT`, `SIGN_VERIFY`, `GENERATE_VERIFY_MAC`, `KEY_AGREEMENT`. */
  keyUsage: Maybe<string>;
  /** `AWS_KMS`, `EXTERNAL` (imported material), `AWS_CLOUDHSM`, `EXTERNAL_KEY_STORE`. */
  origin: Maybe<string>;
  /**
   * `Enabled`, `Disabled`, `PendingDeletion`, `PendingReplicaDeletion`, ... `undefined` for a key
   * declared in a template, which has no state before it is deployed.
   */
  keyState: Maybe<string> | undefined;
  /** When a key pending deletion will be deleted (Config `deletionDate`). */
  deletionDate?: string;
  /** Automatic rotation of the key material. */
  rotationEnabled: Maybe<boolean>;
}
