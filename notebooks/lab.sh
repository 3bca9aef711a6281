#!/usr/bin/env bash
# Opens the notebooks interactively: Jupyter Notebook (Debian's package) with the project-local
# "Java (JEPA Workbench)" kernel, no browser; Jupyter prints the URL (with its token) to open.
#   notebooks/lab.sh [extra jupyter-notebook options]     e.g. --port=9999
# Env: WORKBENCH_LAB_PORT (default 8888), WORKBENCH_LAB_IP (default 127.0.0.1), WORKBENCH_SCALE.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

PKGS="jupyter-notebook jupyter-nbconvert jupyter-client"
if [ ! -x /usr/bin/jupyter-notebook ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "[lab] installing Jupyter from Debian packages: $PKGS" >&2
    apt-get update -qq && apt-get install -y --no-install-recommends $PKGS
  else
    echo "[lab] Jupyter Notebook is missing; install it with:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends $PKGS" >&2
    exit 1
  fi
fi

CP_FILE=workbench-lib/target/runtime-classpath.txt
if [ ! -f "$CP_FILE" ] || [ ! -f workbench-lib/target/jupyter/rapaio-jupyter-kernel.jar ]; then
  echo "[lab] building workbench-lib ..." >&2
  mvn -q -B -o package -DskipTests -pl workbench-lib || mvn -q -B package -DskipTests -pl workbench-lib
fi
java -cp "$(cat "$CP_FILE"):workbench-lib/target/classes" org.jepa.workbench.jupyter.KernelInstaller "$ROOT" >&2

ROOT_FLAG=()
[ "$(id -u)" = 0 ] && ROOT_FLAG=(--allow-root)
export JUPYTER_PATH="$ROOT/build/jupyter"
echo "[lab] starting Jupyter Notebook on notebooks/; open the http://... URL printed below" >&2
exec /usr/bin/jupyter notebook --no-browser --notebook-dir="$ROOT/notebooks" \
  --ip="${WORKBENCH_LAB_IP:-127.0.0.1}" --port="${WORKBENCH_LAB_PORT:-8888}" \
  --MappingKernelManager.default_kernel_name=jepa-workbench "${ROOT_FLAG[@]}" "$@"
