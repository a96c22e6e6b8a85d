import { Wakeup } from './wakeup';

describe('Wakeup', () => {
  it('ends a sleep early for a reason it listens for', async () => {
    const wakeup = new Wakeup();
    const sleeping = wakeup.sleep(60_000, ['events']);
    wakeup.wake('events');
    await expect(sleeping).resolves.toBe('events');
  });

  it('lets a sleep run its course through reasons it does not listen for, and keeps them for a later sleep', async () => {
    const wakeup = new Wakeup();
    const sleeping = wakeup.sleep(20, ['control']);
    wakeup.wake('events');
    await expect(sleeping).resolves.toBe('timeout');
    await expect(wakeup.sleep(60_000, ['events'])).resolves.toBe('events');
  });

  it('keeps a reason that came between two sleeps, so a notification is never lost', async () => {
    const wakeup = new Wakeup();
    wakeup.wake('control');
    await expect(wakeup.sleep(60_000, ['control'])).resolves.toBe('control');
    await expect(wakeup.sleep(10, ['control'])).resolves.toBe('timeout');
  });

  it('is always woken to stop, whatever it listens for', async () => {
    const wakeup = new Wakeup();
    const sleeping = wakeup.sleep(60_000, []);
    wakeup.wake('stop');
    await expect(sleeping).resolves.toBe('stop');
  });
});
