package org.jepa.workbench.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.jepa.workbench.data.LabeledData;
import org.jepa.workbench.model.Mlp;
import org.jepa.workbench.model.Norm;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class TrainerTest {

    static Trainer.Builder tiny(long seed) {
        return Trainer.builder().encoder(Mlp.of(16, 32, 8)).projector(Mlp.of(8, 16, 16).norm(Norm.BATCH))
                .objective(new TestVicreg()).views(Synthetic.noise(0.1)).epochs(6).batchSize(32).lr(3e-3)
                .seed(seed).progress(false);
    }

    @Test
    void siameseLossGoesDown() {
        LabeledData d = Synthetic.clusters(256, 16, 4, 0.3, 1);
        TrainingRun run = tiny(1).build().fit(d);
        Table h = run.history();
        System.out.println(h.print());
        assertEquals(6, h.rowCount());
        double first = h.doubleColumn("loss").get(0), last = h.doubleColumn("loss").get(5);
        assertTrue(last < 0.7 * first, "loss " + first + " -> " + last);
        assertEquals(6 * 8, run.steps().rowCount());
        assertEquals(8, run.embed(d.features()).columns());
    }

    @Test
    void sameSeedSameHistory() {
        LabeledData d = Synthetic.clusters(128, 16, 4, 0.3, 2);
        double[] a = tiny(7).epochs(2).build().fit(d).steps().doubleColumn("loss").asDoubleArray();
        double[] b = tiny(7).epochs(2).build().fit(d).steps().doubleColumn("loss").asDoubleArray();
        double[] c = tiny(8).epochs(2).build().fit(d).steps().doubleColumn("loss").asDoubleArray();
        org.junit.jupiter.api.Assertions.assertArrayEquals(a, b);
        assertTrue(!java.util.Arrays.equals(a, c), "a different seed should give different losses");
    }
}
