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
import org.jepa.workbench.train.SessionReplay;
import org.jepa.workbench.train.TrainingGraph;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Where the time of a training step goes, on the trainer's path (hand-run tool): the batch, and the gradient call
 * replayed by {@link SessionReplay} with each op timed (per op name and input shapes). No update: Adam and the
 * trainer's hooks are not in it. args: [steps, default 6] [mlp|conv, default mlp] [objective name for
 * Objectives.byName, default vicreg] [rows to print, default 20]. Trains on the first steps×256 MNIST digits; the
 * first pass over them is not counted.
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
        boolean[] on = {false};
        long[] batchNs = {0}, callNs = {0};
        // The trainer's path: an arena and, from the fourth call, the recorded ops replayed; each replayed op timed.
        try (SessionReplay calls = SessionReplay.gradients(sd)) {
            calls.timeOps((key, ns) -> {
                if (!on[0]) return;
                long[] a = agg.computeIfAbsent(key, k -> new long[2]);
                a[0] += ns;
                a[1]++;
            });
            Random rng = new Random(2);
            for (int pass = 0; pass < 2; pass++) {
                on[0] = pass == 1; // pass 0 warms up (gradient function, recordings, JIT); pass 1 is measured
                for (int st = 0; st < steps; st++) {
                    // past the data's last full batch (more than 39 steps of MNIST's 10,000 rows) the batches start over
                    int[] idx = java.util.stream.IntStream.range(st * 256, (st + 1) * 256).map(i -> i % (int) x.rows()).toArray();
                    long t0 = System.nanoTime();
                    Map<String, INDArray> feeds = new java.util.HashMap<>();
                    tg.feed(data.batch(idx, rng), new TrainingGraph.Step(st, pass, steps, 1e-3), rng).forEach((v, a) -> feeds.put(v.name(), a));
                    feeds.putAll(g.drawStepInputs(rng));
                    long t1 = System.nanoTime();
                    calls.run(feeds, outs, wrt);
                    if (on[0]) {
                        batchNs[0] += t1 - t0;
                        callNs[0] += System.nanoTime() - t1;
                    }
                }
            }
        }
        long sum = 0, n = 0;
        for (Map.Entry<String, long[]> e : agg.entrySet()) {
            sum += e.getValue()[0];
            if (!e.getKey().equals("(feeds)")) n += e.getValue()[1];
        }
        if (n == 0) System.out.println("no call was replayed: the graph is one the replay refuses (see StepPlan.record)");
        System.out.printf("per step (%d measured): batch %.2f ms, gradient call %.2f ms, of which in ops (and the feeds' copy) %.2f ms (%d op calls)%n",
                steps, batchNs[0] / 1e6 / steps, callNs[0] / 1e6 / steps, sum / 1e6 / steps, n / steps);
        agg.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0])).limit(rows)
                .forEach(e -> System.out.printf("%-60s %8.2f ms/step %5d calls/step%n", e.getKey(), e.getValue()[0] / 1e6 / steps,
                        e.getValue()[1] / steps));
    }

    private StepProfile() {
    }
}
