# np_matrix.py - the numpy baseline of 'pecli matrix --d 1024 --n 32768 --digits 6':
# the sinusoidal code (Vaswani et al. 2017, section 3.5, interleaved sin/cos)
# with a pos column and a header row, through np.savetxt with %.6g.
# Usage: python3 np_matrix.py OUT [N] [D]
import sys
import numpy as np

out = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 32768
d = int(sys.argv[3]) if len(sys.argv) > 3 else 1024
pos = np.arange(n, dtype=np.float64)[:, None]
inv_freq = 1.0 / 10000.0 ** (np.arange(0, d, 2) / d)
pe = np.empty((n, d))
pe[:, 0::2] = np.sin(pos * inv_freq)
pe[:, 1::2] = np.cos(pos * inv_freq)
header = ",".join(["pos"] + ["d%d" % j for j in range(d)])
np.savetxt(out, np.hstack([pos, pe]), fmt="%.6g", delimiter=",",
           header=header, comments="")
