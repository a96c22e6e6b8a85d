import type { AsyncConsumer } from './async-consumer';

/**
 * The asynchronous consumers, as the application lists them where it is composed
 * (src/async-consumers.ts), so the service, the CLIs and the specs run the same ones.
 */
export class AsyncConsumers {
  constructor(readonly all: readonly AsyncConsumer[]) {
    const names = all.map((consumer) => consumer.name);
    const twice = names.find((name, index) => names.indexOf(name) !== index);
    if (twice !== undefined) throw new Error(`asynchronous consumer ${twice} is listed twice`);
  }

  get names(): string[] {
    return this.all.map((consumer) => consumer.name);
  }

  named(name: string): AsyncConsumer | undefined {
    return this.all.find((consumer) => consumer.name === name);
  }
}
