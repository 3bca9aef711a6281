package org.jepa.workbench.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Repeated gradient calls: the session's values at every call, a replay from the fourth, none from another thread. */
class SessionReplayTest {
    private static final List<String> OUTS = List.of("loss"), WRT = List.of("w");

    private static Map<String, INDArray> feed(int call) {
        return Map.of("x", Nd4j.linspace(DataType.FLOAT, 1, 12, 1).muli(0.3 * (call + 1)).subi(2).reshape(3, 4));
    }

    @Test
    void everyCallGivesTheSessionsBitsAndTheFourthOnIsReplayed() {
        SameDiff sd = TrainerTest.planGraph(), reference = TrainerTest.planGraph();
        try (SessionReplay calls = SessionReplay.gradients(sd)) {
            for (int call = 0; call < 7; call++) {
                SessionReplay.Result r = calls.run(feed(call), OUTS, WRT);
                OutAndGrad expected = reference.calculateGradientsAndOutputs(feed(call), OUTS, WRT);
                assertArrayEquals(expected.getGradients().get("w").data().asInt(), r.gradients().get("w").data().asInt(), "gradient, call " + call);
                assertArrayEquals(expected.getOutputs().get("loss").data().asInt(), r.outputs().get("loss").data().asInt(), "loss, call " + call);
                assertEquals(call >= 3, calls.replaying(), "replaying at call " + call);
            }
            // Another batch size: through the session, with its values, and no replay after it.
            Map<String, INDArray> other = Map.of("x", Nd4j.ones(DataType.FLOAT, 2, 4));
            SameDiff two = TrainerTest.planGraph();
            assertArrayEquals(two.calculateGradientsAndOutputs(other, OUTS, WRT).getGradients().get("w").data().asInt(),
                    calls.run(other, OUTS, WRT).gradients().get("w").data().asInt(), "another batch size");
            assertFalse(calls.replaying());
        }
    }

    /**
     * Forward calls: the session's bits at every call, a replay from the fourth. One call of another shape goes through
     * the session and the next fitting call replays again; two in a row record the new shape, and the same happens on
     * the way back.
     */
    @Test
    void outputCallsAreReplayedAndOtherShapesAreRecordedAnew() {
        SameDiff sd = TrainerTest.planGraph(), reference = TrainerTest.planGraph();
        Map<String, INDArray> small = Map.of("x", Nd4j.linspace(DataType.FLOAT, 1, 8, 1).reshape(2, 4));
        // shapes: 0-4 three rows, 5 two, 6 three, 7-11 two, 12-16 three
        boolean[] expectReplay = {false, false, false, true, true, false, true, false, false, false, true, true,
                                  false, false, false, true, true};
        try (SessionReplay calls = SessionReplay.outputs(sd)) {
            for (int call = 0; call < expectReplay.length; call++) {
                Map<String, INDArray> f = call == 5 || (call >= 7 && call <= 11) ? small : feed(call);
                INDArray got = calls.run(f, OUTS).get("loss");
                INDArray expected = reference.output(f, "loss").get("loss");
                assertArrayEquals(expected.data().asInt(), got.data().asInt(), "loss, call " + call);
                assertEquals(expectReplay[call], calls.replaying(), "replaying at call " + call);
            }
        }
    }

    /** The replay writes each call's feeds into arrays of its own: the caller's arrays keep their values. */
    @Test
    void theCallersFeedArraysAreNeverWritten() {
        SameDiff sd = TrainerTest.planGraph();
        java.util.List<INDArray> given = new java.util.ArrayList<>(), copies = new java.util.ArrayList<>();
        try (SessionReplay calls = SessionReplay.gradients(sd)) {
            for (int call = 0; call < 6; call++) {
                Map<String, INDArray> f = feed(call);
                given.add(f.get("x"));
                copies.add(f.get("x").dup());
                calls.run(f, OUTS, WRT);
            }
        }
        for (int i = 0; i < given.size(); i++) assertArrayEquals(copies.get(i).data().asInt(), given.get(i).data().asInt(), "feed of call " + i);
    }

    @Test
    void sessionOnlyCallsAreNeverReplayed() {
        SameDiff sd = TrainerTest.planGraph();
        try (SessionReplay calls = SessionReplay.sessionOnly(sd)) {
            for (int call = 0; call < 5; call++) calls.run(feed(call), OUTS, WRT);
            assertFalse(calls.replaying());
        }
    }

    @Test
    void callsFromAnotherThreadGoThroughTheSession() throws Exception {
        SameDiff sd = TrainerTest.planGraph(), reference = TrainerTest.planGraph();
        SessionReplay calls = SessionReplay.gradients(sd);
        for (int call = 0; call < 4; call++) calls.run(feed(call), OUTS, WRT);
        assertTrue(calls.replaying());
        int[][] got = new int[1][];
        Thread t = new Thread(() -> got[0] = calls.run(feed(9), OUTS, WRT).gradients().get("w").data().asInt());
        t.start();
        t.join();
        assertArrayEquals(reference.calculateGradientsAndOutputs(feed(9), OUTS, WRT).getGradients().get("w").data().asInt(), got[0]);
        calls.close();
    }
}
