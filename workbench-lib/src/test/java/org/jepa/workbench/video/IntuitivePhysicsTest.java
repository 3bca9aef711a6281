package org.jepa.workbench.video;

import static org.junit.jupiter.api.Assertions.*;

import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.jepa.Jepa;
import org.jepa.workbench.train.Trainer;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/**
 * End to end at a small scale: a briefly trained video JEPA is surprised by teleports and growth, where a
 * predictor on a random encoder is much less so for teleports (measured: 0.66 at 300 steps).
 */
class IntuitivePhysicsTest {
    @Test
    void aTrainedVideoJepaIsSurprisedByTeleportsAndGrowth() {
        BallWorld w = BallWorld.defaults();
        ViolationPairs test = ViolationPairs.of(w, 40, 7, Violation.CONTINUITY, Violation.SIZE);
        Jepa jepa = VideoModel.of(w).jepa();
        Trainer.builder().epochs(2).batchSize(64).lr(3e-3).seed(2).progress(false).build()
                .fit(jepa, PhysicsClips.of(w, 6400, 1).window(4));
        IntuitivePhysics.Result r = IntuitivePhysics.of(test).model(jepa).run();
        Table t = r.table();
        System.out.println(t.printAll());
        assertEquals(3, t.rowCount(), "two types and 'all'");
        double teleport = r.pairwise("video JEPA", Violation.CONTINUITY, Surprise.Score.MAX);
        double growth = r.pairwise("video JEPA", Violation.SIZE, Surprise.Score.MAX);
        assertTrue(teleport >= 0.85, "teleports: " + teleport);
        assertTrue(growth >= 0.9, "growth: " + growth);
        assertEquals(w.frames() - 2, r.surprise("video JEPA", Violation.SIZE, true)[0].length);
        assertEquals(2, r.firstFrame("video JEPA"));
        assertThrows(WorkbenchException.class, () -> r.surprise("pixels", Violation.SIZE, true));
    }

    @Test
    void modelsThatCannotReadTheClipsAreRefused() {
        BallWorld w = BallWorld.defaults();
        IntuitivePhysics ip = IntuitivePhysics.of(ViolationPairs.of(w, 2, 1, Violation.SIZE));
        assertThrows(WorkbenchException.class, () -> ip.model(VideoModel.of(BallWorld.defaults().size(28)).jepa()));
        assertThrows(WorkbenchException.class, ip::run, "no models");
    }
}
