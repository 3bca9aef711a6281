package org.jepa.workbench.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jepa.workbench.data.Datasets;
import org.jepa.workbench.jepa.Jepa;
import org.jepa.workbench.train.Checkpoint;
import org.jepa.workbench.train.TrainingRun;
import org.jepa.workbench.video.IntuitivePhysics;
import org.jepa.workbench.video.MemoryModel;
import org.jepa.workbench.video.ViolationPairs;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Rebuilds the shipped video-JEPA checkpoint ({@link MemoryModel}) from its recipe and compares it with the
 * shipped file: byte for byte, then weight by weight and loss by loss when the bytes differ. Then scores the rebuilt
 * model on the lecture's pairs (seed 7) and on held-out pairs (seed 8), by mean surprise over a span of 4 tubelets.
 * Exits with status 1 when the rebuilt file differs from the shipped one. About 18–19 minutes on 2 cores.
 *
 * <pre>
 * ./workbench bench checkpoint [out=build/video-jepa-memory64.ckpt]
 * </pre>
 */
public final class RebuildCheckpoint {
    private RebuildCheckpoint() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "build/" + MemoryModel.FILE).toAbsolutePath();
        long t0 = System.nanoTime();
        TrainingRun run = MemoryModel.rebuild(out);
        System.out.printf("trained %d steps in %.0f s, final epoch loss %.6f; wrote %s (%,d bytes)%n",
                run.steps().rowCount(), (System.nanoTime() - t0) / 1e9, run.finalLoss(), out, Files.size(out));
        String sha = Datasets.sha256(Files.readAllBytes(out));
        System.out.println("SHA-256 " + sha + (sha.equals(MemoryModel.SHA256) ? " = the shipped file's" : " ≠ the shipped file's " + MemoryModel.SHA256));
        boolean same = sha.equals(MemoryModel.SHA256);
        Path shipped = Datasets.root().resolve("checkpoints").resolve(MemoryModel.FILE);
        if (!same && Files.isRegularFile(shipped)) {
            Checkpoint a = Checkpoint.load(out), b = Checkpoint.load(shipped);
            double maxDiff = 0;
            for (Map.Entry<String, INDArray> e : a.arrays().entrySet()) {
                INDArray o = b.arrays().get(e.getKey());
                if (o == null) {
                    System.out.println("the shipped file lacks " + e.getKey());
                    continue;
                }
                maxDiff = Math.max(maxDiff, e.getValue().castTo(o.dataType()).sub(o).amaxNumber().doubleValue());
            }
            System.out.printf("largest weight difference from the shipped file: %.3g%n", maxDiff);
        }
        Jepa model = MemoryModel.untrained();
        Checkpoint.load(out).restoreInto(model.parameters());
        for (long seed : new long[] {7, 8}) {
            IntuitivePhysics.Result r = IntuitivePhysics.of(ViolationPairs.of(MemoryModel.world(), 100, seed)).model(model).span(4).run();
            System.out.printf("pairs of seed %d, span 4%n%s%n", seed, r.table().printAll());
        }
        if (!same) System.exit(1);
    }
}
