/**
 * The seeded 80/20 splits Python peers use, reproduced exactly so our scores are judged on the
 * same rows as theirs: numpy's legacy RandomState(seed) (MT19937 seeded by init_genrand) and its
 * permutation (Fisher–Yates, bounded draws by masked rejection), as sklearn's train_test_split
 * (test = the first ⌈0.2·n⌉ of the permutation) and pandas' DataFrame.sample(frac=0.8) (train =
 * the first round(0.8·n)) use them.
 */

class Mt19937 {
  private readonly mt = new Uint32Array(624);
  private index = 624;

  constructor(seed: number) {
    this.mt[0] = seed >>> 0;
    for (let i = 1; i < 624; i++) {
      const prev = this.mt[i - 1]! ^ (this.mt[i - 1]! >>> 30);
      // 1812433253 · prev + i, in 32-bit arithmetic.
      this.mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
  }

  next(): number {
    if (this.index >= 624) this.twist();
    let y = this.mt[this.index++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  private twist(): void {
    const { mt } = this;
    for (let i = 0; i < 624; i++) {
      const y = (mt[i]! & 0x80000000) | (mt[(i + 1) % 624]! & 0x7fffffff);
      mt[i] = mt[(i + 397) % 624]! ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
    }
    this.index = 0;
  }
}

/** numpy's legacy random_interval: uniform in [0, max] by masked rejection. */
function randomInterval(mt: Mt19937, max: number): number {
  if (max === 0) return 0;
  let mask = max;
  mask |= mask >>> 1;
  mask |= mask >>> 2;
  mask |= mask >>> 4;
  mask |= mask >>> 8;
  mask |= mask >>> 16;
  for (;;) {
    const v = (mt.next() & mask) >>> 0;
    if (v <= max) return v;
  }
}

/** np.random.RandomState(seed).permutation(n). */
export function numpyPermutation(n: number, seed: number): number[] {
  const mt = new Mt19937(seed);
  const a = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = randomInterval(mt, i);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

export type SplitStyle = 'sklearn' | 'pandas';

export function pythonSplit(n: number, seed: number, style: SplitStyle): { train: number[]; test: number[] } {
  const perm = numpyPermutation(n, seed);
  if (style === 'sklearn') {
    const nTest = Math.ceil(0.2 * n);
    return { test: perm.slice(0, nTest), train: perm.slice(nTest) };
  }
  const nTrain = Math.round(0.8 * n);
  return { train: perm.slice(0, nTrain), test: perm.slice(nTrain) };
}
