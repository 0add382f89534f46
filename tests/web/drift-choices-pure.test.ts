/** The files Drift offers (web/src/views/explore.ts): each says how many of the compared columns it shares, when not all. */
import { describe, expect, it } from 'vitest';
import { columnsInCommon, driftChoiceLabel, driftChoices } from '../../web/src/views/explore.js';
import type { FileMeta } from '../../web/src/api.js';

const file = (file_id: string, columns: [string, string][]): FileMeta =>
  ({ file_id, filename: `${file_id}.csv`, status: 'ready', created_at: '2026-01-01T00:00:00Z', lineage: { operation: 'upload' }, columns: columns.map(([name, type]) => ({ name, type })) }) as unknown as FileMeta;

const titanic = file('titanic', [['passenger', 'id'], ['survived', 'integer'], ['sex', 'categorical'], ['age', 'float'], ['class', 'categorical']]);
const holdout = file('holdout', [['passenger', 'id'], ['survived', 'integer'], ['sex', 'categorical'], ['age', 'float'], ['class', 'categorical'], ['extra', 'float']]);
const three = file('three', [['survived', 'integer'], ['sex', 'categorical'], ['age', 'float']]);
const two = file('two', [['survived', 'integer'], ['sex', 'categorical']]);
const penguins = file('penguins', [['species', 'categorical'], ['sex', 'categorical'], ['passenger', 'id']]);
const idOnly = file('ids', [['passenger', 'id'], ['mpg', 'float']]);

describe('the files Drift offers, and how each reads', () => {
  it('counts the compared columns in common, ids not among them', () => {
    expect(columnsInCommon(titanic, penguins)).toEqual({ shared: 1, of: 4 });
    expect(columnsInCommon(titanic, idOnly)).toEqual({ shared: 0, of: 4 });
    expect(columnsInCommon(titanic, holdout)).toEqual({ shared: 4, of: 4 });
  });

  it('labels a file sharing only some columns with how many; a file with all of them by its name alone', () => {
    expect(driftChoiceLabel(titanic, holdout)).toBe('holdout.csv');
    expect(driftChoiceLabel(titanic, three)).toBe('three.csv — 3 of 4 columns in common');
    expect(driftChoiceLabel(titanic, penguins)).toBe('penguins.csv — 1 of 4 columns in common');
  });

  it('offers no file sharing no compared column, and lists the others most columns in common first', () => {
    const { alike, few } = driftChoices(titanic, [titanic, two, idOnly, three, penguins, holdout]);
    expect(alike.map((f) => f.file_id)).toEqual(['holdout', 'three', 'two']);
    expect(few.map((f) => f.file_id)).toEqual(['penguins']);
  });
});
