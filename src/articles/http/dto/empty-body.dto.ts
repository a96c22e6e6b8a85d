/** Commands that take no fields still refuse a body with unknown ones. */
export class EmptyBodyDto {}
