/**
 * The per-column work of ingest's two passes, apart from reading and tokenizing the file: it is
 * what runs in a second thread for large files (ingest-worker.ts), and in the calling thread
 * otherwise. Both sinks take the data rows of batches, never a header, in file order.
 */
import type { CsvDialect } from '../files/model.js';
import { unprocessable } from '../errors.js';
import { encodeColumns } from './arrow.js';
import { cellDecoder } from './cell.js';
import { ColumnAccumulator, type InferredColumn } from './infer.js';
import { OverrideCheck, describeFailure, type ColumnOverrides } from './override.js';
import { columnBuilder, type ColumnBuilder } from './parse.js';
import type { CsvBatch } from './tokenizer.js';
import { own } from '../records.js';

/** Pass 1: every column's inference, and the check of each type the user set. */
export class InferSink {
  private readonly accumulators: ColumnAccumulator[];
  private readonly checks: (OverrideCheck | undefined)[];

  /**
   * `overrides` name only columns of `names` (the caller has refused any other); `decimalComma`:
   * the delimiter is not a comma, so inference may read numbers written `0,33` (numbers.ts
   * decimalCommaAllowed). A float the user sets may read them in any file: in a comma file such a
   * cell is quoted (`"3,5"`), too unsure for inference to call a number, but the user has said so.
   */
  constructor(names: readonly string[], overrides: ColumnOverrides, encoding: CsvDialect['encoding'], decimalComma = false) {
    const decode = cellDecoder(encoding);
    this.accumulators = names.map((n) => new ColumnAccumulator(n, decode, decimalComma));
    this.checks = names.map((n) => {
      const override = own(overrides, n);
      return override ? new OverrideCheck(n, override, decode, true) : undefined;
    });
  }

  /** Rows [from, to) of a batch as wide as the header; `firstRow` is the data row number of row `from`. */
  rows(batch: CsvBatch, from: number, to: number, firstRow: number): void {
    const { accumulators, checks } = this;
    for (let c = 0; c < accumulators.length; c++) {
      accumulators[c]!.addColumn(batch, c, from, to);
      checks[c]?.addColumn(batch, c, from, to, firstRow);
    }
  }

  /** The columns' types; a 422 listing the values that do not fit when a type set by the user is refused. */
  finish(): InferredColumn[] {
    const failures = this.checks.flatMap((check) => check?.failure() ?? []);
    if (failures.length) {
      throw unprocessable(`The data does not fit the column types asked for: ${failures.map(describeFailure).join(' ')}`, { columns: failures });
    }
    return this.accumulators.map((a, c) => this.checks[c]?.finish(a.finish(), (format) => a.offsetOf(format)) ?? a.finish());
  }
}

/** Pass 2: typed columns, sealed every `chunkRows` rows into an Arrow IPC chunk handed to `emit`. */
export class ChunkSink {
  private readonly builders: ColumnBuilder[];
  private inChunk = 0;
  private emitted = 0;

  constructor(
    inferred: readonly InferredColumn[],
    encoding: CsvDialect['encoding'],
    private readonly chunkRows: number,
    private readonly emit: (bytes: Uint8Array) => void,
  ) {
    this.builders = inferred.map((c) => columnBuilder(c, encoding));
  }

  rows(batch: CsvBatch, from: number, to: number): void {
    const { builders, chunkRows } = this;
    let row = from;
    while (row < to) {
      const upTo = Math.min(to, row + chunkRows - this.inChunk);
      for (let c = 0; c < builders.length; c++) builders[c]!.addColumn(batch, c, row, upTo);
      this.inChunk += upTo - row;
      row = upTo;
      if (this.inChunk === chunkRows) this.seal();
    }
  }

  /** The last, partial chunk; an empty one when the file had no rows, so every file has a chunk. */
  finish(): void {
    if (this.inChunk > 0 || this.emitted === 0) this.seal();
  }

  private seal(): void {
    const bytes = encodeColumns(this.inChunk, this.builders.map((b) => b.take()));
    this.inChunk = 0;
    this.emitted++;
    this.emit(bytes);
  }
}
