# np_decay.py - the numpy baseline of
# 'pecli decay --scheme rope --d 128 --max-dist 1000000 --digits 6': for
# q = k = ones, the RoPE score <R_p q, R_{p+r} k> = 2 sum_i cos(r theta_i)
# (RoFormer eq. 16) and the RoFormer relative upper bound
# (1/F) sum_j |S_j|, S_j = sum_{i<j} exp(i r theta_i) (RoFormer section
# 3.4.3), for r = 0 .. MAX, to CSV through np.savetxt with %.6g.
# Usage: python3 np_decay.py OUT [MAX] [D]
import sys
import numpy as np

out = sys.argv[1]
max_dist = int(sys.argv[2]) if len(sys.argv) > 2 else 1000000
d = int(sys.argv[3]) if len(sys.argv) > 3 else 128
theta = 1.0 / 10000.0 ** (np.arange(0, d, 2) / d)
r = np.arange(max_dist + 1, dtype=np.float64)
phi = np.outer(r, theta)
dot = 2.0 * np.cos(phi).sum(axis=1)
bound = np.abs(np.cumsum(np.exp(1j * phi), axis=1)).mean(axis=1)
np.savetxt(out, np.column_stack([r, dot, bound]), fmt=["%d", "%.6g", "%.6g"],
           delimiter=",", header="distance,dot,bound", comments="")
