package org.jepa.workbench.plot;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.Color;
import java.awt.image.BufferedImage;
import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.jepa.Jepa;
import org.jepa.workbench.model.Module;
import org.jepa.workbench.model.Predictor;
import org.jepa.workbench.objective.EmbeddingPrediction;
import org.jepa.workbench.video.BallWorld;
import org.jepa.workbench.video.Blur;
import org.jepa.workbench.video.Compounding;
import org.jepa.workbench.video.IntuitivePhysics;
import org.jepa.workbench.video.PhysicsClips;
import org.jepa.workbench.video.Violation;
import org.jepa.workbench.video.ViolationPairs;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;

/** The video pictures, drawn from "models" that predict no change (no training needed). */
class VideoPlotsTest {
    static final BallWorld W = BallWorld.defaults();
    static final ViolationPairs TEST = ViolationPairs.of(W, 3, 1);

    static Jepa noChange(String name) {
        return Jepa.builder().name(name).encoder(Module.identity(2L * W.framePixels())).predictor(Predictor.identity(2L * W.framePixels()))
                .cost(EmbeddingPrediction.defaults()).seed(1).build();
    }

    @Test
    void pairsMarkTheEventFrameInRed() {
        BufferedImage img = VideoPlots.pairs(TEST, 7);
        int tile = W.size() * 2 + 4, head = 26;                      // zoom 2 at 32 px, 2 px border
        assertEquals(7 * tile, img.getWidth());
        assertEquals((2 * TEST.types().size() + 2) * tile + head, img.getHeight(), "two rows per type, two more for permanence's control pair");
        // the strip ends 3 frames after the event, so the event is the 5th of 7 columns
        assertEquals(new Color(220, 30, 30).getRGB(), img.getRGB(4 * tile, head));
        assertEquals(Color.WHITE.getRGB(), img.getRGB(3 * tile, head));
        assertThrows(WorkbenchException.class, () -> VideoPlots.pairs(TEST, 1));
    }

    @Test
    void surpriseCompoundingBlurAndClipsDraw() {
        IntuitivePhysics.Result r = IntuitivePhysics.of(TEST).model(noChange("a")).model(noChange("b")).run();
        XYChart c = VideoPlots.surprise(r, Violation.CONTINUITY, 1);
        assertEquals(5, c.getSeriesMap().size(), "two models × two clips, and the event line");
        assertThrows(WorkbenchException.class, () -> VideoPlots.surprise(r, Violation.CONTINUITY, 3));
        // permanence is drawn as it is scored: each clip plus its control clip, frame by frame
        XYChart p = VideoPlots.surprise(r, Violation.PERMANENCE, 1);
        double[] drawn = p.getSeriesMap().get("a · impossible + control").getYData();
        double[] own = r.surprise("a", Violation.PERMANENCE, true)[1], control = r.controlSurprise("a", Violation.PERMANENCE, true)[1];
        for (int t = 0; t < drawn.length; t++) assertEquals(Math.max(own[t] + control[t], org.jepa.workbench.plot.CollapsePlots.LOG_FLOOR), drawn[t], 1e-12 * Math.max(1, drawn[t]), "frame " + t);
        XYChart k = VideoPlots.compounding(Compounding.of(TEST.pairs(Violation.SIZE).stream().map(ViolationPairs.Pair::possible).toList(),
                4, noChange("a"), noChange("b")));
        assertEquals(2, k.getSeriesMap().size());
        assertEquals(4, k.getSeriesMap().get("a").getXData().length);
        BufferedImage blur = VideoPlots.blur(Blur.of(W, noChange("p"), noChange("j"), PhysicsClips.of(W, 10, 2), 2, 1));
        assertEquals(4 * (W.size() * 3 + 4), blur.getWidth());
        BufferedImage clips = VideoPlots.clips(PhysicsClips.of(W, 5, 2), 3, 4);
        assertEquals(4 * (W.size() * 2 + 4), clips.getWidth(), "frames 0, 4, 8, 12");
        assertThrows(WorkbenchException.class, () -> VideoPlots.clips(PhysicsClips.of(W, 5, 2), 6, 4));
        assertThrows(WorkbenchException.class, () -> VideoPlots.compounding(tech.tablesaw.api.Table.create("empty")));
        XYChart s = VideoPlots.spans(IntuitivePhysics.of(TEST).model(noChange("a")).spans(2));
        assertEquals(4, s.getSeriesMap().size(), "all by mean, all by max, permanence by mean, and chance");
        assertArrayEquals(new double[] {1, 2}, s.getSeriesMap().get("a · all, by mean").getXData());
        assertThrows(WorkbenchException.class, () -> VideoPlots.spans(tech.tablesaw.api.Table.create("empty")));
    }
}
