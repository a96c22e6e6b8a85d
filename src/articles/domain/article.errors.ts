/** Refusals the decider gives; the HTTP layer maps each kind to one status code. */
export abstract class ArticleRuleViolation extends Error {
  abstract readonly kind: 'forbidden' | 'conflict' | 'not_found' | 'invalid';
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotPermitted extends ArticleRuleViolation {
  readonly kind = 'forbidden';
}

export class InvalidTransition extends ArticleRuleViolation {
  readonly kind = 'conflict';
}

export class ArticleNotFound extends ArticleRuleViolation {
  readonly kind = 'not_found';
}

export class ArticleAlreadyExists extends ArticleRuleViolation {
  readonly kind = 'conflict';
}

export class SourceNotFound extends ArticleRuleViolation {
  readonly kind = 'not_found';
}

/** Content that breaks an invariant of the article; names the fields at fault. */
export class InvalidContent extends ArticleRuleViolation {
  readonly kind = 'invalid';
  constructor(
    message: string,
    readonly fields: readonly string[],
  ) {
    super(message);
  }
}
