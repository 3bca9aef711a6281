package org.jepa.workbench.bench;

import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What SameDiff's session costs per op, apart from the op's own work (issue 12): a chain of N element-wise products on
 * [4, 4] floats — so small that the arithmetic is nothing — run four ways: SameDiff's forward session
 * ({@code output}), its gradient session ({@code calculateGradients}, every op of the gradient function counted), the
 * same {@code multiply} ops executed directly ({@code Nd4j.exec}), and executed with an op context made once and kept
 * (what an executor with a fixed plan and fixed buffers would do). Prints microseconds per op for three rounds.
 *
 * <pre>
 * ./workbench run org.jepa.workbench.bench.OpOverheadBench [chain length N=280] [calls per round=300]
 * </pre>
 */
public final class OpOverheadBench {
    private OpOverheadBench() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 280;
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        if (n < 1 || reps < 3) throw new IllegalArgumentException("usage: OpOverheadBench [chain length ≥ 1] [calls per round ≥ 3]");
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, 4, 4);
        SDVariable c = sd.var("c", Nd4j.ones(DataType.FLOAT, 4, 4).muli(0.999));
        SDVariable y = x;
        for (int i = 0; i < n; i++) y = y.mul(c);
        y.sum().rename("loss");
        sd.setLossVariables("loss");
        Map<String, INDArray> feed = Map.of("x", Nd4j.rand(DataType.FLOAT, 4, 4));
        for (int r = 0; r < 50; r++) sd.output(feed, "loss");              // warm-up: JIT, the gradient function
        for (int r = 0; r < 20; r++) sd.calculateGradients(feed, "c");
        int gradOps = sd.getFunction("grad").getOps().size();

        INDArray[] chain = new INDArray[n + 1];
        chain[0] = feed.get("x");
        for (int i = 1; i <= n; i++) chain[i] = Nd4j.create(DataType.FLOAT, 4, 4);
        INDArray factor = sd.getVariable("c").getArr();
        DynamicCustomOp[] ops = new DynamicCustomOp[n];
        OpContext[] contexts = new OpContext[n];
        for (int i = 0; i < n; i++) {
            ops[i] = DynamicCustomOp.builder("multiply").addInputs(chain[i], factor).addOutputs(chain[i + 1]).build();
            contexts[i] = Nd4j.getExecutioner().buildContext();
            contexts[i].setInputArrays(chain[i], factor);
            contexts[i].setOutputArrays(chain[i + 1]);
        }
        System.out.printf("chain of %d products on [4, 4] floats; the gradient function has %d ops%n", n, gradOps);
        for (int round = 0; round < 3; round++) {
            long t0 = System.nanoTime();
            for (int r = 0; r < reps; r++) sd.output(feed, "loss");
            long t1 = System.nanoTime();
            for (int r = 0; r < reps / 3; r++) sd.calculateGradients(feed, "c");
            long t2 = System.nanoTime();
            for (int r = 0; r < reps; r++) for (DynamicCustomOp op : ops) Nd4j.exec(op);
            long t3 = System.nanoTime();
            for (int r = 0; r < reps; r++) for (int i = 0; i < n; i++) Nd4j.getExecutioner().exec(ops[i], contexts[i]);
            long t4 = System.nanoTime();
            System.out.printf("µs per op: forward session %.1f | gradient session %.1f | direct exec %.1f | exec with a kept context %.1f%n",
                    (t1 - t0) / 1e3 / reps / (n + 1), (t2 - t1) / 1e3 / (reps / 3) / gradOps, (t3 - t2) / 1e3 / reps / n,
                    (t4 - t3) / 1e3 / reps / n);
        }
    }
}
