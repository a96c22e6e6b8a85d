/**
 * A failure at start whose message already names its cause and its fix. The service prints it as one
 * line; a stack trace would only bury the sentence a person needs.
 */
export class StartupError extends Error {}
