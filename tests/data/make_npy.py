#!/usr/bin/env python3
"""Write the reference .npy files of tests/check_learned.c with the struct
module only (numpy is not installed here), byte for byte as numpy.save
writes them (numpy/lib/format.py: _wrap_header pads the dict with spaces
and a newline so the data starts at a multiple of ARRAY_ALIGN = 64).

    cd tests/data && python3 make_npy.py
"""
import struct

MAGIC = b"\x93NUMPY"


def npy(version, descr, shape, values, fmt):
    d = "{'descr': '%s', 'fortran_order': False, 'shape': (%s), }" % (
        descr, ", ".join(str(s) for s in shape) + ("," if len(shape) == 1 else ""))
    h = d.encode("latin1")
    lenfmt = "<H" if version == 1 else "<I"
    pre = len(MAGIC) + 2 + struct.calcsize(lenfmt)
    pad = 64 - (pre + len(h) + 1) % 64
    h = h + b" " * (pad % 64) + b"\n"
    return (MAGIC + bytes([version, 0]) + struct.pack(lenfmt, len(h)) + h
            + struct.pack("<%d%s" % (len(values), fmt), *values))


# table[p][j] = p + j / 8: exact in float32 and float64, so a reader that
# reads back anything else is wrong
vals = [p + j / 8 for p in range(3) for j in range(4)]
open("table_f8_v1.npy", "wb").write(npy(1, "<f8", (3, 4), vals, "d"))
open("table_f4_v2.npy", "wb").write(npy(2, "<f4", (3, 4), vals, "f"))
