/**
 * Over HTTP: a pipeline fitted on one file (impute b with an indicator, then b_missing*b) applied to
 * another that has its own b_missing computes from its own indicator (b_missing_2), and gives the
 * same bytes as fitting on a file with no clash.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FileMeta } from '../../core/files/model.js';
import { call, featuresApplied, testStack, uploadDirect, type TestStack } from '../helpers/stack.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await testStack();
});
afterAll(async () => {
  await stack?.destroy();
});

const upload = async (csv: string) => (await uploadDirect<FileMeta>(stack.url, 'f.csv', csv)).json.file_id;
const applied = (json: object) => featuresApplied(stack.url, json);
const csvOf = async (id: string) => (await fetch(`${stack.url}/files/${id}/data?all=true`)).text();

describe('a fitted pipeline applied to a file with a column of a name it makes', () => {
  it('reads the column it made, renamed, not the file’s own; with no clash, the bytes fitting wrote', async () => {
    const a = await upload('b,k\n1,1\n,2\n3,3\n');
    const fitted = await applied({ file_id: a, steps: [{ kind: 'impute', column: 'b', strategy: 'mean', indicator: true }, { kind: 'interaction', left: 'b_missing', right: 'b' }] });
    const fittedCsv = await csvOf(fitted.file_id);
    expect(fittedCsv).toBe('b,b_missing,k,b_missing*b\n1,0,1,0\n2,1,2,2\n3,0,3,0\n');

    const plain = await applied({ file_id: await upload('b,k\n1,1\n,2\n3,3\n'), pipeline: fitted.pipeline });
    expect(await csvOf(plain.file_id)).toBe(fittedCsv);

    const b = await applied({ file_id: await upload('b,b_missing,k\n1,900,1\n,901,2\n3,902,3\n'), pipeline: fitted.pipeline });
    expect(await csvOf(b.file_id)).toBe('b,b_missing_2,b_missing,k,b_missing*b\n1,0,900,1,0\n2,1,901,2,2\n3,0,902,3,0\n');
    const meta = (await call<FileMeta>(stack.url, 'GET', `/files/${b.file_id}`)).json;
    expect(meta.columns?.find((c) => c.name === 'b_missing*b')?.reason).toBe('product of b_missing_2 and b');
  });
});
