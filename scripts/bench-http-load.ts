import autocannon from 'autocannon';

/**
 * One autocannon run for `npm run bench:http`, in a process of its own, so that the CPU time of the
 * process that serves can be measured alone (part 3). It says it is ready, takes autocannon's
 * options, runs them and answers with the result.
 */
process.once('message', (options: autocannon.Options) => {
  autocannon(options).then(
    (result) => process.send!(result, () => process.exit(0)),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});
process.send!('ready');
