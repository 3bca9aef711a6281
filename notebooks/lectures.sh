#!/usr/bin/env bash
# Executes every notebooks/*.ipynb (or the ones named) headless with the workbench kernel and writes
# build/lectures/<name>.ipynb, <name>.html (with code), <name>-handout.html (outputs only), <name>.log.
#   notebooks/lectures.sh [00-smoke.ipynb ...]      WORKBENCH_SCALE=small|full (default small)
# Installs Jupyter from Debian packages when missing and running as root (else prints the command).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
CP_FILE=workbench-lib/target/runtime-classpath.txt
if [ ! -f "$CP_FILE" ] || [ ! -f workbench-lib/target/jupyter/rapaio-jupyter-kernel.jar ]; then
  mvn -q -B -o package -DskipTests -pl workbench-lib || mvn -q -B package -DskipTests -pl workbench-lib
fi
exec java -Xmx512m -cp "$(cat "$CP_FILE"):workbench-lib/target/classes" \
  -Dworkbench.root="$ROOT" org.jepa.workbench.notebook.LectureRunner "$@"
