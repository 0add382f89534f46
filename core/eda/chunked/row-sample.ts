/**
 * Chosen rows of a table read in chunks, gathered as the chunks pass: the indices are fixed before
 * the first chunk (they depend on the row count and a seed only), so the sample is the one the
 * in-memory path would take of the whole table.
 */
import { takeRows, type Table } from '../../table/model.js';
import { concatTables } from '../../table/arrow.js';

export class RowSample {
  private readonly parts: Table[] = [];
  private next = 0;

  /** `indices` ascending global row indices; undefined keeps every row. */
  constructor(private readonly indices: ArrayLike<number> | undefined) {}

  /** The chunk that starts at global row `offset`. */
  add(chunk: Table, offset: number): void {
    if (!this.indices) {
      this.parts.push(chunk);
      return;
    }
    const local: number[] = [];
    const end = offset + chunk.rowCount;
    while (this.next < this.indices.length && this.indices[this.next]! < end) local.push(this.indices[this.next++]! - offset);
    if (local.length) this.parts.push(takeRows(chunk, local));
  }

  table(): Table {
    return concatTables(this.parts);
  }
}
