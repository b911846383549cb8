# np_heatmap.py - the numpy + matplotlib baseline of
# 'pecli heatmap --d 512 --n 8192 --raw': the sinusoidal code as a viridis
# PNG over [-1, 1], one pixel per cell, through plt.imsave.
# Usage: python3 np_heatmap.py OUT.png [N] [D]
import sys
import numpy as np
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt

out = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 8192
d = int(sys.argv[3]) if len(sys.argv) > 3 else 512
pos = np.arange(n, dtype=np.float64)[:, None]
inv_freq = 1.0 / 10000.0 ** (np.arange(0, d, 2) / d)
pe = np.empty((n, d))
pe[:, 0::2] = np.sin(pos * inv_freq)
pe[:, 1::2] = np.cos(pos * inv_freq)
plt.imsave(out, pe, cmap="viridis", vmin=-1.0, vmax=1.0, format="png")
