/** A reference for the optimisers' tests, written from torch.optim.Adam's documented update. */
/** torch.optim.Adam's update (weight decay added to the gradient), one scalar at a time. */
export function referenceAdam(p: number[], grads: number[][], cfg: { lr: number; beta1: number; beta2: number; eps: number; wd: number }): number[] {
  const m = p.map(() => 0);
  const v = p.map(() => 0);
  const x = [...p];
  grads.forEach((g, step) => {
    const t = step + 1;
    x.forEach((_, i) => {
      const gi = g[i]! + cfg.wd * x[i]!;
      m[i] = cfg.beta1 * m[i]! + (1 - cfg.beta1) * gi;
      v[i] = cfg.beta2 * v[i]! + (1 - cfg.beta2) * gi * gi;
      x[i]! -= (cfg.lr * m[i]!) / (1 - cfg.beta1 ** t) / (Math.sqrt(v[i]! / (1 - cfg.beta2 ** t)) + cfg.eps);
    });
  });
  return x;
}
