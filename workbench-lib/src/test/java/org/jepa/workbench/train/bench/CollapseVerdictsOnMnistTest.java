package org.jepa.workbench.train.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import org.jepa.workbench.data.LabeledData;
import org.jepa.workbench.data.Split;
import org.jepa.workbench.diagnostics.Collapse;
import org.jepa.workbench.diagnostics.CollapseMonitor;
import org.jepa.workbench.diagnostics.CollapseReport;
import org.jepa.workbench.diagnostics.Verdict;
import org.jepa.workbench.objective.VICReg;
import org.jepa.workbench.train.Trainer;
import org.jepa.workbench.train.TrainingRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Issue 4 acceptance on real training runs (MNIST, small and fast): the default {@code CollapseThresholds}
 * must tell apart an invariance-only run (complete collapse), a VICReg run with a deliberately tiny
 * variance weight (dimensional collapse) and default VICReg (healthy), judged on held-out embeddings.
 * The settings are {@link MethodComparison}'s protocol at a reduced size (see {@link #SMALL}).
 */
class CollapseVerdictsOnMnistTest {
    /** Encoder Mlp(784, 256, 64) with batch norm, no projector, batch 128, 2,048 training images. */
    static final MethodComparison SMALL = MethodComparison.builder().hidden(256).dim(64).batchSize(128)
            .trainSize(2048).build();
    static final int EPOCHS = 6; // 96 steps

    static LabeledData train;
    static INDArray heldOut;

    @BeforeAll
    static void data() {
        Split s = SMALL.split();
        train = s.train().head(2048);
        heldOut = s.test().head(512).features();
    }

    private static CollapseReport diagnose(String name, TrainingRun run) {
        CollapseReport r = Collapse.of(run.embed(heldOut)).name(name).diagnose();
        System.out.printf(Locale.ROOT, "%-14s %s  meanStd=%.4f relativeStd=%.4g normStdRatio=%.4f rankMe=%.2f "
                        + "rankFrac=%.3f dead=%.3f collapsedSpec=%.3f loss %s | %s%n", name, r.verdict(), r.meanStd(),
                r.relativeStd(), r.normStdRatio(), r.rankMe(), r.rankMeFraction(), r.deadDimFraction(),
                r.collapsedSpectrumFraction(), run.history().doubleColumn("loss").asList(), r.reason());
        return r;
    }

    @Test
    void invarianceOnlyIsCompleteCollapseAndTheMonitorFlagsIt() {
        CollapseMonitor mon = CollapseMonitor.builder(heldOut).name("none").every(8).build();
        TrainingRun run = SMALL.trainer("none", EPOCHS, mon).fit(train);
        CollapseReport r = diagnose("none", run);
        System.out.println(mon.history().selectColumns("step", "loss", "normStdRatio", "rankMe", "verdict").printAll());
        assertEquals(Verdict.COMPLETE_COLLAPSE, r.verdict(), r.reason());
        // the monitor saw a healthy encoder before training and flagged the collapse at a later check
        assertEquals("HEALTHY", mon.history().stringColumn("verdict").get(0));
        assertTrue(mon.collapseStep() >= 0, "monitor never flagged a collapse");
        assertEquals(Verdict.COMPLETE_COLLAPSE, mon.lastReport().verdict());
    }

    @Test
    void vicregWithTinyVarianceWeightIsDimensionalCollapse() {
        Trainer t = SMALL.trainerBuilder("vicreg", EPOCHS).objective(VICReg.defaults().varianceWeight(1)).build();
        CollapseReport r = diagnose("vicreg(mu=1)", t.fit(train));
        assertEquals(Verdict.DIMENSIONAL_COLLAPSE, r.verdict(), r.reason());
    }

    @Test
    void defaultVicregIsHealthy() {
        CollapseMonitor mon = CollapseMonitor.builder(heldOut).name("vicreg").every(8).build();
        CollapseReport r = diagnose("vicreg", SMALL.trainer("vicreg", EPOCHS, mon).fit(train));
        assertEquals(Verdict.HEALTHY, r.verdict(), r.reason());
        assertEquals(-1, mon.collapseStep(), "the monitor flagged a healthy run");
    }
}
