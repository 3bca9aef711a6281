package org.jepa.workbench.bench;

import java.util.Map;
import java.util.TreeMap;
import org.jepa.workbench.model.Mlp;
import org.jepa.workbench.model.Norm;
import org.jepa.workbench.train.TestVicreg;
import org.jepa.workbench.train.Trainer;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/** Where the time of a training step goes: per-op-type execution time vs total (hand-run tool). */
public final class StepProfile {
    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        boolean conv = args.length > 1 && args[1].equals("conv");
        Trainer t = Trainer.builder().encoder(conv ? org.jepa.workbench.model.ConvNet.of(1, 28, 28, 256)
                        : Mlp.of(784, 1024, 1024, 256).norm(Norm.BATCH)).objective(new TestVicreg())
                .epochs(2).batchSize(256).progress(false).build();
        SameDiff sd = t.sameDiff();
        Map<String, long[]> agg = new TreeMap<>();
        long[] start = {0};
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
        INDArray x = Nd4j.rand(DataType.FLOAT, 256L * steps, 784);
        t.fit(x); // epoch 0 warm, but listener collects from epoch 1 only:
        on[0] = true;
        agg.clear();
        long t0 = System.nanoTime();
        Trainer t2 = t; // same graph
        t2.fit(x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 256L * steps), org.nd4j.linalg.indexing.NDArrayIndex.all()));
        double total = (System.nanoTime() - t0) / 1e6;
        long sum = 0, n = 0;
        for (long[] a : agg.values()) {
            sum += a[0];
            n += a[1];
        }
        System.out.printf("total %.0f ms for %d epochs x %d steps; in ops %.0f ms (%d op calls)%n", total, 2, steps, sum / 1e6, n);
        agg.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0])).limit(20)
                .forEach(e -> System.out.printf("%-60s %8.1f ms %6d calls%n", e.getKey(), e.getValue()[0] / 1e6, e.getValue()[1]));
    }

    private StepProfile() {
    }
}
