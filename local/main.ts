/** `npm start`: the whole service on this machine, no AWS account, no network. */
import { z } from 'zod';
import { startStack } from './stack.js';

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8000),
  HOST: z.string().default('127.0.0.1'),
  TABMIMIC_DATA_DIR: z.string().min(1).default('./.tabmimic'),
});

const env = Env.safeParse(process.env);
if (!env.success) {
  console.error(`Invalid environment:\n${z.prettifyError(env.error)}`);
  process.exit(2);
}

const stack = await startStack({ dataDir: env.data.TABMIMIC_DATA_DIR, port: env.data.PORT, host: env.data.HOST });
console.log(`tabmimic is running at ${stack.url}  (API docs: ${stack.url}/docs, data: ${env.data.TABMIMIC_DATA_DIR})`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(1); // a second Ctrl-C forces it
    stopping = true;
    console.log('\nstopping…');
    stack.close().then(
      () => process.exit(0),
      (e: unknown) => {
        console.error(e);
        process.exit(1);
      },
    );
  });
}
