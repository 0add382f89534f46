/**
 * The local S3's PUT and copy are atomic, as S3's are (local/s3rver-atomic-put.ts): a GET sees the old object
 * or the new one, whole, never a cut-off one — and a GET after the PUT's reply sees all of it. As
 * shipped, s3rver wrote in place and replied before its bytes were on disk: a cached EDA result was
 * read half-written (a 500 under parallel requests) and a chunk once failed to decode.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { testStack, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await testStack();
}, 60_000);
afterAll(() => stack?.destroy());

const SIZE = 8 * 1024 * 1024;
const filled = (byte: number) => new Uint8Array(SIZE).fill(byte);
const whole = (bytes: Uint8Array, byte: number) => bytes.length === SIZE && bytes[0] === byte && bytes[SIZE - 1] === byte && bytes.every((b) => b === byte);

it('gives every reader one whole object while it is replaced', async () => {
  const { blobs } = stack.services;
  await blobs.put('atomic/object', filled(1));
  const reads: Promise<Uint8Array>[] = [];
  const write = blobs.put('atomic/object', filled(2));
  for (let i = 0; i < 12; i++) {
    reads.push(blobs.getBytes('atomic/object'));
    await new Promise((r) => setTimeout(r, 2));
  }
  await write;
  for (const bytes of await Promise.all(reads)) expect(whole(bytes, 1) || whole(bytes, 2)).toBe(true);
}, 60_000);

it('has the whole object on disk when the PUT replies', async () => {
  const { blobs } = stack.services;
  for (let i = 0; i < 5; i++) {
    await blobs.put(`atomic/fresh-${i}`, filled(3 + i));
    expect(whole(await blobs.getBytes(`atomic/fresh-${i}`), 3 + i)).toBe(true);
  }
  expect((await blobs.list('atomic/')).sort()).toEqual(['atomic/fresh-0', 'atomic/fresh-1', 'atomic/fresh-2', 'atomic/fresh-3', 'atomic/fresh-4', 'atomic/object']);
}, 60_000);

it('gives every reader one whole object while a copy replaces it', async () => {
  const { blobs } = stack.services;
  await blobs.put('atomic/copied', filled(1));
  for (let round = 0; round < 3; round++) {
    await blobs.put('atomic/source', filled(2 + round));
    const reads: Promise<Uint8Array>[] = [];
    const copy = blobs.copy('atomic/source', 'atomic/copied');
    for (let i = 0; i < 12; i++) {
      reads.push(blobs.getBytes('atomic/copied'));
      await new Promise((r) => setTimeout(r, 2));
    }
    await copy;
    for (const bytes of await Promise.all(reads)) expect(whole(bytes, 1 + round) || whole(bytes, 2 + round)).toBe(true);
    expect(whole(await blobs.getBytes('atomic/copied'), 2 + round)).toBe(true);
  }
  await blobs.deletePrefix('atomic/');
}, 60_000);
