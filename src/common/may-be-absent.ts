import { ValidateIf } from 'class-validator';

/**
 * An optional field that, when sent, must be valid: unlike class-validator's IsOptional, `null` is
 * checked like any other value and refused. Use IsOptional only where null has a meaning (clearing
 * a field that may be empty, such as the standfirst).
 */
export const MayBeAbsent = (): PropertyDecorator => ValidateIf((_object: object, value: unknown) => value !== undefined);
