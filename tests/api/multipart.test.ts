/**
 * A multipart/form-data upload cut off inside its `file` part is a 400 problem+json, and the server keeps
 * serving (busboy fails the part's stream; unhandled, that error ended the process).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { call, testStack, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await testStack();
});
afterAll(async () => {
  await stack?.destroy();
});

it('a multipart body cut off inside the file part is a 400, and the server stays up', async () => {
  const crashes: unknown[] = [];
  const onError = (e: unknown) => crashes.push(e);
  // The stack runs in this process: catch what would otherwise kill it, so the test can report it.
  process.prependListener('uncaughtException', onError);
  try {
    const body = '--zz\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\na,b\n1,2\n';
    const r = await call(stack.url, 'POST', '/files/upload', { body, headers: { 'content-type': 'multipart/form-data; boundary=zz' } });
    await new Promise((res) => setTimeout(res, 200));
    expect(crashes.map(String), 'uncaught exceptions while handling the request').toEqual([]);
    expect(r.status).toBe(400);
    expect(r.type).toContain('application/problem+json');
    const health = await call(stack.url, 'GET', '/health');
    expect(health.status).toBe(200);
  } finally {
    process.removeListener('uncaughtException', onError);
  }
});

/** Sends a form built by `fill` as a direct upload. */
async function sendForm(fill: (form: FormData) => void) {
  const form = new FormData();
  fill(form);
  return call<{ detail?: string; status?: string }>(stack.url, 'POST', '/files/upload', { body: form });
}

it('a body cut off inside a file part under another field name is a 400 too, and the server stays up', async () => {
  const crashes: unknown[] = [];
  const onError = (e: unknown) => crashes.push(e);
  process.prependListener('uncaughtException', onError);
  try {
    const body = '--zz\r\nContent-Disposition: form-data; name="other"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\na,b\n1,2\n';
    const r = await call(stack.url, 'POST', '/files/upload', { body, headers: { 'content-type': 'multipart/form-data; boundary=zz' } });
    await new Promise((res) => setTimeout(res, 200));
    expect(crashes.map(String), 'uncaught exceptions while handling the request').toEqual([]);
    expect(r.status).toBe(400);
    expect((await call(stack.url, 'GET', '/health')).status).toBe(200);
  } finally {
    process.removeListener('uncaughtException', onError);
  }
});

it('a form with two files is a 400, not the first file with the second dropped', async () => {
  const r = await sendForm((form) => {
    form.append('file', new Blob(['a\n1\n']), 'x.csv');
    form.append('file', new Blob(['b\n2\n']), 'y.csv');
  });
  expect(r.status).toBe(400);
  expect(r.type).toContain('application/problem+json');
  expect(r.json.detail).toBe('The form has more than one file; send one file, as the field `file`.');
});

it('a file under a field other than `file` is a 400 naming the field, as a text field named `file` is', async () => {
  const other = await sendForm((form) => form.append('other', new Blob(['a\n1\n']), 'x.csv'));
  expect(other.status).toBe(400);
  expect(other.type).toContain('application/problem+json');
  expect(other.json.detail).toBe('The form sends a file as the field `other`; send it as `file`.');
  const text = await sendForm((form) => form.append('file', 'a\n1\n'));
  expect(text.status).toBe(400);
});

it('one file under `file`, beside text fields, is uploaded', async () => {
  const r = await sendForm((form) => {
    form.append('note', 'hello');
    form.append('file', new Blob(['a\n1\n']), 'x.csv');
  });
  expect(r.status).toBe(201);
  expect(r.json.status).toBe('ready');
});
