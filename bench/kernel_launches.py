#!/usr/bin/python3
"""Launches the workbench kernel N times in a row and reports how many became ready.

Each launch is what Jupyter does: KernelManager.start_kernel, then a client's wait_for_ready (repeated
kernel_info_request until answered), then a clean shutdown. The launcher's relaunches are counted from
build/jupyter/kernel-launcher.log (written by org.jepa.workbench.jupyter.KernelLauncher).

Usage (after `mvn -q -B -o package -DskipTests -pl workbench-lib` and installing the kernel spec):
  JUPYTER_PATH=build/jupyter /usr/bin/python3 bench/kernel_launches.py [N] [kernel_name] [timeout_s]
kernel_name "rapaio-raw" (installed by this script next to the workbench spec) launches Rapaio directly,
without the launcher, to measure the failure rate the launcher has to absorb.
Run with /usr/bin/python3: Debian's jupyter_client lives there.
"""
import json, os, sys, time

from jupyter_client import KernelManager

root = os.environ.get("WORKBENCH_ROOT") or os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
jupyter_path = os.path.join(root, "build", "jupyter")
os.environ["JUPYTER_PATH"] = jupyter_path
log_path = os.path.join(jupyter_path, "kernel-launcher.log")

n = int(sys.argv[1]) if len(sys.argv) > 1 else 100
kernel = sys.argv[2] if len(sys.argv) > 2 else "jepa-workbench"
timeout = float(sys.argv[3]) if len(sys.argv) > 3 else 60.0

spec_file = os.path.join(jupyter_path, "kernels", "jepa-workbench", "kernel.json")
if kernel == "rapaio-raw":
    # Same kernel command and environment, minus the launcher.
    spec = json.load(open(spec_file))
    argv = spec["argv"]
    spec["argv"] = argv[argv.index("--") + 1:]
    spec["display_name"] = "Rapaio without launcher (benchmark only)"
    raw_dir = os.path.join(jupyter_path, "kernels", "rapaio-raw")
    os.makedirs(raw_dir, exist_ok=True)
    json.dump(spec, open(os.path.join(raw_dir, "kernel.json"), "w"), indent=1)

def log_lines():
    try:
        with open(log_path) as f:
            return f.read().splitlines()
    except FileNotFoundError:
        return []

before = len(log_lines())
ok, times, failures = 0, [], []
t_all = time.time()
for i in range(n):
    km = KernelManager(kernel_name=kernel)
    t0 = time.time()
    status = "FAILED"
    try:
        km.start_kernel()
        kc = km.client()
        kc.start_channels()
        try:
            kc.wait_for_ready(timeout=timeout)
            ok += 1
            status = "ready"
            times.append(time.time() - t0)
        except RuntimeError as e:
            failures.append((i, str(e)))
        finally:
            kc.stop_channels()
    finally:
        km.shutdown_kernel(now=False)
    print(f"launch {i + 1}/{n}: {status} {time.time() - t0:.1f}s", flush=True)

events = log_lines()[before:]
retries = [e for e in events if " retry " in e]
gave_up = [e for e in events if " gave-up " in e]
ready = [e for e in events if " ready " in e]
times.sort()
print(json.dumps({
    "kernel": kernel, "launches": n, "ready": ok, "failed": n - ok,
    "launcher_ready_events": len(ready), "launcher_retries": len(retries), "launcher_gave_up": len(gave_up),
    "retry_reasons": sorted({r.split("reason=", 1)[1][:120] for r in retries}),
    "ready_seconds_median": round(times[len(times) // 2], 2) if times else None,
    "ready_seconds_max": round(times[-1], 2) if times else None,
    "total_seconds": round(time.time() - t_all, 1),
}, indent=1))
sys.exit(0 if ok == n else 1)
