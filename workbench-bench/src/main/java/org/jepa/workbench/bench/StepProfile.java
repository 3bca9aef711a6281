package org.jepa.workbench.bench;

import java.util.Map;
import java.util.TreeMap;
import org.jepa.workbench.data.Datasets;
import org.jepa.workbench.model.Mlp;
import org.jepa.workbench.model.Norm;
import org.jepa.workbench.objective.Objectives;
import java.util.List;
import java.util.Random;
import org.jepa.workbench.data.Batch;
import org.jepa.workbench.data.ViewPairs;
import org.jepa.workbench.jepa.Jepa;
import org.jepa.workbench.model.Graph;
import org.jepa.workbench.train.TrainingGraph;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Where the time of a training step goes: per-op-type execution time vs total (hand-run tool).
 * args: [steps, default 6] [mlp|conv, default mlp] [objective name for Objectives.byName, default vicreg]
 * [rows to print, default 20]. Trains on the first steps×256 MNIST digits; the first epoch is not counted.
 */
public final class StepProfile {
    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        boolean conv = args.length > 1 && args[1].equals("conv");
        String objective = args.length > 2 ? args[2] : "vicreg";
        int rows = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        Jepa model = Jepa.siamese(conv ? org.jepa.workbench.model.ConvNet.of(1, 28, 28, 256)
                : Mlp.of(784, 1024, 1024, 256).norm(Norm.BATCH), Objectives.byName(objective)).seed(1).build();
        // The model's training graph, run forward and backward as the trainer does (without the update).
        INDArray x = Datasets.mnist().head(256 * steps).features();
        ViewPairs data = ViewPairs.identical(x);
        int[] first = java.util.stream.IntStream.range(0, 256).toArray();
        Graph g = new Graph(model.parameters());
        TrainingGraph<Batch> tg = model.trainingGraph(g, data.batch(first, new Random(1)));
        SameDiff sd = g.sd();
        SDVariable loss = null;
        for (SDVariable v : tg.terms().values()) loss = loss == null ? v : loss.add(v);
        sd.setLossVariables(loss.name());
        List<String> outs = List.of(loss.name());
        List<String> wrt = model.parameters().trainable();
        Map<String, long[]> agg = new TreeMap<>();
        long[] start = {0, 0};
        boolean[] on = {false};
        sd.setListeners(new BaseListener() {
            @Override
            public boolean isActive(Operation op) {
                return true;
            }

            @Override
            public void preOpExecution(SameDiff s, At at, SameDiffOp op, OpContext ctx) {
                start[0] = System.nanoTime();
            }

            @Override
            public void opExecution(SameDiff s, At at, MultiDataSet b, SameDiffOp op, OpContext ctx, INDArray[] out) {
                if (!on[0]) return;
                StringBuilder key = new StringBuilder(op.getOp().opName());
                if (ctx != null) for (INDArray in : ctx.getInputArrays()) key.append(' ').append(java.util.Arrays.toString(in.shape()));
                long[] a = agg.computeIfAbsent(key.toString(), k -> new long[2]);
                a[0] += System.nanoTime() - start[0];
                a[1]++;
            }
        });
        Random rng = new Random(2);
        for (int pass = 0; pass < 2; pass++) {
            if (pass == 1) { // pass 0 warms up (gradient-function creation, JIT); pass 1 is measured
                on[0] = true;
                agg.clear();
            }
            if (pass == 1) start[1] = System.nanoTime();
            for (int st = 0; st < steps; st++) {
                // past the data's last full batch (more than 39 steps of MNIST's 10,000 rows) the batches start over
                int[] idx = java.util.stream.IntStream.range(st * 256, (st + 1) * 256).map(i -> i % (int) x.rows()).toArray();
                Map<String, INDArray> feeds = new java.util.HashMap<>();
                tg.feed(data.batch(idx, rng), new TrainingGraph.Step(st, pass, steps, 1e-3), rng).forEach((v, a) -> feeds.put(v.name(), a));
                feeds.putAll(g.drawStepInputs(rng));
                sd.calculateGradientsAndOutputs(feeds, outs, wrt);
            }
        }
        long t0 = start[1];
        double total = (System.nanoTime() - t0) / 1e6;
        long sum = 0, n = 0;
        for (long[] a : agg.values()) {
            sum += a[0];
            n += a[1];
        }
        System.out.printf("total %.0f ms for %d forward+backward steps; in ops %.0f ms (%d op calls)%n", total, steps, sum / 1e6, n);
        for (SameDiff f : new SameDiff[] {sd, sd.getFunction("grad")}) {
            if (f == null) continue;
            f.getSessions().forEach((thread, session) -> {
                Object m = session.getMmgr();
                String state = m instanceof org.nd4j.autodiff.samediff.internal.memory.ArrayCacheMemoryMgr c
                        ? String.format("cache on %s, %d arrays / %.1f MB held of %.0f MB allowed", c.isEnableCache(),
                        c.getLruCache().size(), c.getCurrentCacheSize() / 1e6, c.getMaxCacheBytes() / 1e6) : "";
                System.out.printf("session of %s (thread %d): memory manager %s %s%n", f == sd ? "the graph" : "its gradient function",
                        thread, m == null ? "none" : m.getClass().getSimpleName(), state);
            });
        }
        agg.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0])).limit(rows)
                .forEach(e -> System.out.printf("%-60s %8.1f ms %6d calls%n", e.getKey(), e.getValue()[0] / 1e6, e.getValue()[1]));
    }

    private StepProfile() {
    }
}
