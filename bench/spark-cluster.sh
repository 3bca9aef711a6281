#!/usr/bin/env bash
# A real Spark standalone cluster on this machine: one master and two workers (1 core each) as separate JVMs,
# started from the Maven-resolved Spark jars (no Spark download), then a sweep against it.
#
#   bench/spark-cluster.sh [SweepBench mode ...]      default: "same" then "scaling" on local[1], local[2], the cluster
#   bench/spark-cluster.sh --up                        start master and workers, print the master URL, leave them running
#   bench/spark-cluster.sh --down                      stop them
#
# The master listens on spark://127.0.0.1:7077; logs and work directories are under build/spark-cluster/.
# Executors get every workbench jar on their system class path (SPARK_HOME/jars), where ND4J's natives must
# be loaded (shared/notes: one JNI library per class loader).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
HOME_DIR="$ROOT/build/spark-cluster"
MASTER_URL="spark://127.0.0.1:7077"
say() { printf '\033[1m[spark-cluster]\033[0m %s\n' "$*" >&2; }

down() {
  for f in "$HOME_DIR"/*.pid; do
    [[ -f "$f" ]] || continue
    kill "$(cat "$f")" 2>/dev/null || true
    rm -f "$f"
  done
}

up() {
  ./workbench build
  down
  rm -rf "$HOME_DIR/jars" "$HOME_DIR/work"
  mkdir -p "$HOME_DIR/jars" "$HOME_DIR/work" "$HOME_DIR/logs"
  # SPARK_HOME/jars: the Worker builds executor class paths from it (and needs SPARK_SCALA_VERSION to find it).
  tr ':' '\n' < workbench-bench/target/runtime-classpath.txt | while read -r jar; do
    [[ -n "$jar" && -f "$jar" ]] && ln -sf "$jar" "$HOME_DIR/jars/$(basename "$jar")"
  done
  ln -sf "$(ls "$ROOT"/workbench-bench/target/workbench-bench-*.jar | head -1)" "$HOME_DIR/jars/workbench-bench.jar"
  export SPARK_HOME="$HOME_DIR" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1 OMP_WAIT_POLICY=passive
  local cp="$HOME_DIR/jars/*"
  # The daemons log at INFO to their files (the workbench's log4j2.properties is quiet, for notebooks).
  cat > "$HOME_DIR/log4j2-daemons.properties" <<'PROPS'
rootLogger.level = info
rootLogger.appenderRef.stdout.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n
PROPS
  local log="-Dlog4j2.configurationFile=$HOME_DIR/log4j2-daemons.properties"
  java -Xmx512m "$log" -cp "$cp" org.apache.spark.deploy.master.Master -h 127.0.0.1 -p 7077 --webui-port 18080 \
    > "$HOME_DIR/logs/master.log" 2>&1 &
  echo $! > "$HOME_DIR/master.pid"
  for w in 1 2; do
    java -Xmx512m "$log" -cp "$cp" org.apache.spark.deploy.worker.Worker -c 1 -m 4g -d "$HOME_DIR/work/w$w" -h 127.0.0.1 \
      --webui-port $((18080 + w)) "$MASTER_URL" > "$HOME_DIR/logs/worker$w.log" 2>&1 &
    echo $! > "$HOME_DIR/worker$w.pid"
  done
  for _ in $(seq 1 120); do
    if [[ $(grep -c "Registering worker" "$HOME_DIR/logs/master.log" 2>/dev/null || true) -ge 2 ]]; then
      say "master $MASTER_URL with 2 workers (pids $(cat "$HOME_DIR"/*.pid | tr '\n' ' '))"
      return 0
    fi
    sleep 0.5
  done
  say "the workers did not register within 60 s; see $HOME_DIR/logs/"; down; exit 1
}

case "${1:-}" in
  --up) up; echo "$MASTER_URL" ;;
  --down) down ;;
  *)
    up
    trap down EXIT
    export SPARK_LOCAL_IP=127.0.0.1
    if [[ $# -gt 0 ]]; then
      ./workbench run org.jepa.workbench.bench.SweepBench "$@" --master "$MASTER_URL"
    else
      ./workbench run org.jepa.workbench.bench.SweepBench same --master "$MASTER_URL"
      ./workbench run org.jepa.workbench.bench.SweepBench scaling --master 'local[1]' --master 'local[2]' --master "$MASTER_URL"
    fi
    ;;
esac
