/**
 * Typed errors of the core. Each sets `name`, because Lambda reports a thrown error's name as the
 * error type and the state machines route on it (`ErrorEquals: ["NormalizationError"]`).
 */
export class NormalizationError extends Error {
  override readonly name: string = 'NormalizationError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A resource type the rule book has no model for. Not a failure of the input, but nothing to check. */
export class UnsupportedResourceError extends NormalizationError {
  override readonly name = 'UnsupportedResourceError';
  readonly resourceType: string;
  constructor(resourceType: string) {
    super(`unsupported resource type ${JSON.stringify(resourceType)}: no rule book model for it`);
    this.resourceType = resourceType;
  }
}

/** A template that cannot be parsed or is not a CloudFormation template. */
export class TemplateError extends NormalizationError {
  override readonly name = 'TemplateError';
}

/** An event whose source / detail-type the rule book does not handle, or whose shape is wrong. */
export class EventFormatError extends NormalizationError {
  override readonly name = 'EventFormatError';
}
