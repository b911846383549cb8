# np_decay_plot.py - the matplotlib baseline of
# 'pecli decay --scheme rope --d 128 --max-dist 1000000 --plot -o OUT.png':
# the RoPE score for q = k = ones, 2 sum_i cos(r theta_i) (RoFormer eq. 16),
# and the RoFormer relative upper bound, (1/F) sum_j |S_j| with S_j =
# sum_{i<j} exp(i r theta_i) (RoFormer section 3.4.3), for r = 0 .. MAX,
# as in np_decay.py, drawn as two lines into an 800 x 600 PNG (matplotlib's
# defaults, its path simplification included).
# Usage: python3 np_decay_plot.py OUT [MAX] [D]
import sys
import numpy as np
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt

out = sys.argv[1]
max_dist = int(sys.argv[2]) if len(sys.argv) > 2 else 1000000
d = int(sys.argv[3]) if len(sys.argv) > 3 else 128
theta = 1.0 / 10000.0 ** (np.arange(0, d, 2) / d)
r = np.arange(max_dist + 1, dtype=np.float64)
phi = np.outer(r, theta)
dot = 2.0 * np.cos(phi).sum(axis=1)
bound = np.abs(np.cumsum(np.exp(1j * phi), axis=1)).mean(axis=1)
fig, ax = plt.subplots(figsize=(8, 6), dpi=100)
ax.plot(r, dot, label="dot")
ax.plot(r, bound, label="RoFormer relative upper bound")
ax.set_xlim(0, max_dist)
ax.set_xlabel("distance r")
ax.set_ylabel("score")
ax.set_title("score versus distance: rope, d=%d, base=10000" % d)
ax.grid(True)
ax.legend()
fig.savefig(out, format="png")
