"""SDV's own synthesizers on the shared tables, for `npm run bench -- versus-sdv`.

For each table and split seed it takes pandas' DataFrame.sample(frac=0.8, random_state=seed) as the
training rows (the split bench/numpy-split.ts reproduces), fits the SDV synthesizer with default
parameters on them (CTGAN: 300 epochs, 150 on diamonds, one torch thread, as the reference), and
writes as many synthetic rows as it trained on to <out>/<synthesizer>/<table>/<seed>.csv, with the
fit times and library versions in <out>/<synthesizer>/manifest.json.

    python bench/peers/sdv_samples.py gaussian_copula 10 [table ...]
    python bench/peers/sdv_samples.py ctgan 3 airquality cars penguins

Needs sdv (1.38.1 for the reference's figures) and pandas; the samples land in bench/.peer-samples/sdv.
"""

import json
import sys
import time
import warnings
from importlib.metadata import version
from pathlib import Path

import numpy as np
import pandas as pd
from sdv.metadata import Metadata

HERE = Path(__file__).resolve().parent
DATASETS = HERE.parent.parent.parent / 'shared' / 'datasets'
OUT = HERE.parent / '.peer-samples' / 'sdv'


def synthesizer(name: str, metadata: Metadata, table: str):
    if name == 'gaussian_copula':
        from sdv.single_table import GaussianCopulaSynthesizer

        return GaussianCopulaSynthesizer(metadata)
    if name == 'ctgan':
        import torch
        from sdv.single_table import CTGANSynthesizer

        torch.set_num_threads(1)
        torch.manual_seed(0)
        return CTGANSynthesizer(metadata, epochs=150 if table == 'diamonds' else 300)
    raise SystemExit(f'unknown synthesizer {name}: gaussian_copula or ctgan')


def main(name: str, splits: int, tables: list[str]) -> None:
    warnings.filterwarnings('ignore')
    out = OUT / name
    manifest_path = out / 'manifest.json'
    previous = json.loads(manifest_path.read_text())['runs'] if manifest_path.exists() else []
    runs = {(r['dataset'], r['split']): r for r in previous}
    for csv in sorted(DATASETS.glob('*.csv')):
        if tables and csv.stem not in tables:
            continue
        table = pd.read_csv(csv)
        for seed in range(splits):
            train = table.sample(frac=0.8, random_state=seed)
            np.random.seed(0)
            model = synthesizer(name, Metadata.detect_from_dataframe(train), csv.stem)
            start = time.perf_counter()
            model.fit(train)
            fit_s = time.perf_counter() - start
            target = out / csv.stem / f'{seed}.csv'
            target.parent.mkdir(parents=True, exist_ok=True)
            model.sample(len(train)).to_csv(target, index=False)
            runs[(csv.stem, seed)] = {'dataset': csv.stem, 'split': seed, 'fit_s': round(fit_s, 3)}
            print(name, csv.stem, seed, f'{fit_s:.2f} s', flush=True)
            manifest = {
                'synthesizer': name,
                'versions': {p: version(p) for p in ('sdv', 'copulas', 'ctgan', 'rdt', 'pandas', 'numpy', 'scipy')},
                'split': 'pandas DataFrame.sample(frac=0.8, random_state=split)',
                'runs': sorted(runs.values(), key=lambda r: (r['dataset'], r['split'])),
            }
            manifest_path.write_text(json.dumps(manifest, indent=2) + '\n')


if __name__ == '__main__':
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 10, sys.argv[3:])
