import { parseArguments, UsageError } from './mint-token';

describe('mint-token arguments', () => {
  const valid = ['--sub', 'eddie', '--name', 'Eddie Editor', '--roles', 'editor, reviewer,editor'];

  it('reads the actor, dropping repeated roles, and defaults to 12 hours', () => {
    expect(parseArguments(valid)).toEqual({
      actor: { id: 'eddie', name: 'Eddie Editor', roles: ['editor', 'reviewer'] },
      expires: '12h',
    });
  });

  it.each([
    [['--name', 'E', '--roles', 'editor'], /--sub is required/],
    [['--sub', 'e', '--name', ' ', '--roles', 'editor'], /--name is required/],
    [['--sub', 'e', '--name', 'E'], /--roles is required/],
    [['--sub', 'e', '--name', 'E', '--roles', ','], /--roles needs at least one role/],
    [['--sub', 'e', '--name', 'E', '--roles', 'editor,chief'], /"chief" is not a role/],
    [[...valid, '--expires', '1h ago'], /--expires must be/],
    [[...valid, '--expires', '0h'], /--expires must be/],
    [[...valid, '--role', 'x'], /--role/],
    [[...valid, 'extra'], /extra/],
  ])('refuses %j', (args, message) => {
    expect(() => parseArguments(args)).toThrow(UsageError);
    expect(() => parseArguments(args)).toThrow(message);
  });
});
