package org.jepa.workbench.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.data.Augment;
import org.jepa.workbench.data.Datasets;
import org.jepa.workbench.data.LabeledData;
import org.jepa.workbench.data.Split;
import org.jepa.workbench.jepa.Jepa;
import org.jepa.workbench.model.Mlp;
import org.jepa.workbench.train.Trainer;
import org.jepa.workbench.objective.InvarianceOnly;
import org.jepa.workbench.objective.VICReg;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.Table;

class ExperimentTest {

    @Test
    void secondsPerEpochSubtractsMonitorTimeInsideEachEpochAndTakesTheMedian() {
        Table history = Table.create("h", IntColumn.create("epoch", 0, 1, 2),
                DoubleColumn.create("seconds", 10.0, 2.0, 3.0));
        Table monitor = Table.create("m", LongColumn.create("step", -1, 5, 9),
                IntColumn.create("epoch", 0, 1, 2),
                DoubleColumn.create("embedMillis", 4000.0, 500.0, 0.0),
                DoubleColumn.create("millis", 4000.0, 500.0, 500.0));
        // net: epoch 0 = 10 (the step −1 check is outside the timer), 1 = 2 − 1 = 1, 2 = 3 − 0.5 = 2.5
        assertEquals(2.5, Experiment.netSecondsPerEpoch(history, monitor), 1e-12);
        assertEquals(3.0, Experiment.netSecondsPerEpoch(history, null), 1e-12);
    }

    @Test
    void runsTrainsDiagnosesAndProbesAndTabulates() {
        LabeledData digits = Datasets.digits().head(700);
        Split s = digits.split(200.0 / 700, 3);
        var aug = Augment.vectors().noise(0.05).build();
        Trainer.Builder training = Trainer.builder().epochs(3).batchSize(100).lr(2e-3).seed(1);
        LabeledData few = s.train().head(50);
        Experiment vic = Experiment.named("vicreg").model(Jepa.siamese(Mlp.of(64, 64, 16), VICReg.defaults()))
                .training(training).views(aug).monitor(s.test().features(), 2).probeWith("probe_50", few);
        Experiment none = Experiment.named("none").model(Jepa.siamese(Mlp.of(64, 64, 16), InvarianceOnly.defaults()))
                .training(training).views(aug);
        assertEquals(15, vic.steps(s.train()));

        List<Experiment.Result> rs = Experiment.runAll("test sweep", List.of(vic, none), s.train(), s.test());
        assertEquals(2, rs.size());
        Experiment.Result r = rs.get(0);
        assertEquals("vicreg", r.name());
        assertEquals(16, r.dim());
        assertEquals(16, r.report().dims());
        assertEquals(200, r.report().samples());
        assertEquals(3, r.run().history().rowCount());
        assertNotNull(r.monitor());
        // the check before training, one every 2 of 15 steps (7), and the final one
        assertEquals(9, r.monitor().history().rowCount());
        assertNull(rs.get(1).monitor());
        assertTrue(r.secondsPerEpoch() > 0 && r.secondsPerEpoch() <= r.trainSeconds());
        // VICReg on 8x8 digits is far above chance (0.1) after 15 steps; a broken probe or encoder is not
        assertTrue(r.probe().accuracy() > 0.6, "probe accuracy " + r.probe().accuracy());

        Table t = Experiment.table("t", rs);
        assertEquals(2, t.rowCount());
        assertEquals("none", t.stringColumn("run").get(1));
        assertEquals(r.probe().accuracy(), t.doubleColumn("probe_accuracy").get(0), 1e-4);
        assertEquals(r.report().verdict().name(), t.stringColumn("verdict").get(0));
        assertEquals("vicreg", t.stringColumn("objective").get(0));
        // the extra probe: its own column, fitted on 50 labels only, missing for the run that did not ask
        double fewAcc = r.probes().get("probe_50");
        assertEquals(fewAcc, t.doubleColumn("probe_50").get(0), 1e-4);
        assertTrue(t.doubleColumn("probe_50").isMissing(1));
        assertTrue(fewAcc > 0.3 && fewAcc < r.probe().accuracy() + 0.1, "50-label probe " + fewAcc);
        // the trained model is the result's, and it embeds like the report says
        assertEquals(16, r.model().embed(s.test().features()).columns());
    }

    @Test
    void missingPiecesFailWithOneClearMessage() {
        LabeledData digits = Datasets.digits().head(300);
        Split s = digits.split(0.3, 1);
        WorkbenchException e = assertThrows(WorkbenchException.class,
                () -> Experiment.named("x").run(s.train(), s.test()));
        assertTrue(e.getMessage().contains("model"), e.getMessage());
        assertThrows(WorkbenchException.class, () -> Experiment.named(" "));
        assertThrows(WorkbenchException.class, () -> Experiment.named("x").monitor(s.test().features(), 0));
    }

    @Test
    void plotDrawsOneSortedLinePerSeries() {
        Table t = Table.create("r", tech.tablesaw.api.StringColumn.create("run", "a", "b", "a", "b", "a"),
                IntColumn.create("batch", 128, 32, 32, 128, 512),
                DoubleColumn.create("acc", 0.5, 0.6, 0.4, Double.NaN, 0.7));
        org.knowm.xchart.XYChart c = Experiment.plot(t, "batch", "acc", "run", true, null);
        assertEquals(2, c.getSeriesMap().size());
        double[] xa = c.getSeriesMap().get("a").getXData();
        assertEquals(List.of(32.0, 128.0, 512.0), java.util.Arrays.stream(xa).boxed().toList());
        assertEquals(1, c.getSeriesMap().get("b").getXData().length); // the NaN point is dropped
        assertEquals("acc vs batch", c.getTitle());
        assertThrows(WorkbenchException.class, () -> Experiment.plot(t, "batch", "nope", "run", false, "x"));
    }
}
