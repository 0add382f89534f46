/**
 * A stand-in step worker for the pool's tests: it speaks the pool's messages, but its "steps" are
 * behaviours a test can provoke (reply, spin until released, spin forever, exit, throw, busy then reply).
 */
import { parentPort, threadId } from 'node:worker_threads';
import { READY, type Invocation, type Reply } from '../../local/step-worker-protocol.js';

const port = parentPort!;
port.on('message', ({ id, name, input }: Invocation) => {
  const reply = (output: unknown) => port.postMessage({ id, ok: true, output } satisfies Reply);
  switch (name) {
    case 'ingest': // answers at once, saying which thread it ran on
      return reply({ threadId, input });
    case 'fit': {
      // Says it started (slot 1), then spins without yielding until the caller flips slot 0: on the
      // caller's own thread it never would.
      const flag = new Int32Array(input as SharedArrayBuffer);
      Atomics.add(flag, 1, 1);
      while (Atomics.load(flag, 0) === 0);
      return reply({ threadId });
    }
    case 'sample':
      for (;;);
    case 'report':
      return process.exit(3);
    case 'markFailed': {
      // Busy for a while, past a watch or two, then answers.
      const until = Date.now() + 200;
      while (Date.now() < until);
      return reply({ threadId });
    }
    default:
      setImmediate(() => {
        throw new Error('the step crashed');
      });
  }
});
port.postMessage(READY);
