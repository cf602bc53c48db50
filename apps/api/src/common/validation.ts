import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { AppError, type ErrorDetail } from './errors';

function flatten(errors: ValidationError[], prefix = ''): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  for (const error of errors) {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    for (const [constraint, text] of Object.entries(error.constraints ?? {})) {
      out.push({ field, problem: constraint === 'whitelistValidation' ? 'is not an allowed field' : text });
    }
    if (error.children?.length) out.push(...flatten(error.children, field));
  }
  return out;
}

/** whitelist + forbidNonWhitelisted: unknown fields are rejected by name, never silently dropped. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const details = flatten(errors);
      const message = details.map((d) => `${d.field}: ${d.problem}`).join('; ') || 'Invalid input';
      return new AppError('validation_failed', message, details);
    },
  });
}
