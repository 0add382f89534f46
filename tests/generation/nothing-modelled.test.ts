import { describe, expect, it } from 'vitest';
import { checkSomethingModelled } from '../../core/generation/nothing-modelled.js';

describe('checkSomethingModelled', () => {
  it('refuses a source whose every column is left out of the model, naming each and why', () => {
    const columns = [
      { name: 'name', pii: { action: 'drop', kind: 'person_name' } },
      { name: 'email', pii: { action: 'fake', kind: 'email' } },
      { name: 'id', primary_key: true },
    ];
    expect(() => checkSomethingModelled(columns)).toThrow('name (dropped as PII), email (faked as PII), id (the primary key)');
    expect(() => checkSomethingModelled(columns)).toThrow('Nothing is left to model');
  });

  it('lets through a source with one modelled column, or none known yet', () => {
    expect(() => checkSomethingModelled([{ name: 'name', pii: { action: 'drop', kind: 'person_name' } }, { name: 'age', pii: { action: 'keep', kind: 'age' } }])).not.toThrow();
    expect(() => checkSomethingModelled([{ name: 'id', primary_key: true }, { name: 'v' }])).not.toThrow();
    expect(() => checkSomethingModelled([])).not.toThrow();
  });
});
