# np_similarity.py - the numpy + matplotlib baseline of
# 'pecli heatmap --of similarity --d 512 --n 4096 --raw': the n x n dot
# products PE @ PE.T of the sinusoidal code, drawn with coolwarm over a range
# symmetric about zero, through plt.imsave.
# Usage: python3 np_similarity.py OUT.png [N] [D]
import sys
import numpy as np
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt

out = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 4096
d = int(sys.argv[3]) if len(sys.argv) > 3 else 512
pos = np.arange(n, dtype=np.float64)[:, None]
inv_freq = 1.0 / 10000.0 ** (np.arange(0, d, 2) / d)
pe = np.empty((n, d))
pe[:, 0::2] = np.sin(pos * inv_freq)
pe[:, 1::2] = np.cos(pos * inv_freq)
sim = pe @ pe.T
a = np.abs(sim).max()
plt.imsave(out, sim, cmap="coolwarm", vmin=-a, vmax=a, format="png")
