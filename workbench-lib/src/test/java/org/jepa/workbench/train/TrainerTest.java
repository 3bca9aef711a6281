package org.jepa.workbench.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jepa.workbench.callback.TrainingCallback;
import org.jepa.workbench.callback.TrainingContext;
import org.jepa.workbench.data.Augmentation;
import org.jepa.workbench.data.LabeledData;
import org.jepa.workbench.data.ViewPairs;
import org.jepa.workbench.jepa.Jepa;
import org.jepa.workbench.model.Graph;
import org.jepa.workbench.model.Mlp;
import org.jepa.workbench.model.Parameters;
import org.jepa.workbench.model.Norm;
import org.jepa.workbench.objective.Objective;
import org.jepa.workbench.objective.Objectives;
import org.jepa.workbench.objective.VICReg;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import tech.tablesaw.api.Table;

/** The loop on real objectives: it learns, it is reproducible, its hooks and budgets do what they say. */
class TrainerTest {

    /** VICReg on a 16 → 32 → 8 encoder with a batch-norm projector. */
    static Jepa tinyModel(long seed) {
        return Jepa.siamese(Mlp.of(16, 32, 8), VICReg.defaults()).projector(Mlp.of(8, 16, 16).norm(Norm.BATCH)).seed(seed).build();
    }

    static Trainer.Builder tiny(long seed) {
        return Trainer.builder().epochs(6).batchSize(32).lr(3e-3).seed(seed).progress(false);
    }

    static ViewPairs views(LabeledData d) {
        return ViewPairs.of(d, Synthetic.noise(0.1));
    }

    @Test
    void siameseLossGoesDown() {
        LabeledData d = Synthetic.clusters(256, 16, 4, 0.3, 1);
        Jepa model = tinyModel(1);
        TrainingRun run = tiny(1).build().fit(model, views(d));
        Table h = run.history();
        System.out.println(h.print());
        assertEquals(6, h.rowCount());
        double first = h.doubleColumn("loss").get(0), last = h.doubleColumn("loss").get(5);
        assertTrue(last < 0.7 * first, "loss " + first + " -> " + last);
        assertEquals(6 * 8, run.steps().rowCount());
        assertEquals(8, model.embed(d.features()).columns());
        assertEquals(List.of("epoch", "loss", "invariance", "variance", "covariance", "lr", "seconds", "samples_per_s"), h.columnNames());
    }

    /** Reusing one step's op outputs at the next changes no number: same parameters, bit for bit. */
    @Test
    void reusingStepMemoryChangesNoNumber() {
        LabeledData d = Synthetic.clusters(128, 16, 4, 0.3, 3);
        java.util.function.Supplier<Jepa> byol = () -> Jepa.byol(Mlp.of(16, 32, 8).norm(Norm.BATCH), Mlp.of(8, 16, 8))
                .target(org.jepa.workbench.jepa.Target.ema(0.99)).seed(4).build();
        for (java.util.function.Supplier<Jepa> make : List.<java.util.function.Supplier<Jepa>>of(() -> tinyModel(5), byol)) {
            Jepa on = make.get(), off = make.get();
            double[] a = tiny(5).epochs(3).build().fit(on, views(d)).steps().doubleColumn("loss").asDoubleArray();
            double[] b = tiny(5).epochs(3).reuseStepMemory(false).build().fit(off, views(d)).steps().doubleColumn("loss").asDoubleArray();
            assertArrayEquals(b, a, on.name() + ": losses");
            for (String p : on.parameters().names()) {
                assertArrayEquals(off.parameters().get(p).data().asInt(), on.parameters().get(p).data().asInt(), on.name() + ": parameter " + p);
            }
        }
    }

    /**
     * The arena frees its memory when the fit ends (before, it waited for a full GC, and a second fit in the same JVM
     * grew on top of the first), and a model trained further in a second fit gets the same numbers as without it.
     */
    @Test
    void anArenaFreesItsMemoryAtTheEndAndASecondFitMatches() {
        LabeledData d = Synthetic.clusters(128, 16, 4, 0.3, 6);
        Jepa on = tinyModel(9), off = tinyModel(9);
        for (int fit = 0; fit < 2; fit++) {
            double[] a = tiny(9 + fit).epochs(2).build().fit(on, views(d)).steps().doubleColumn("loss").asDoubleArray();
            double[] b = tiny(9 + fit).epochs(2).reuseStepMemory(false).build().fit(off, views(d)).steps().doubleColumn("loss").asDoubleArray();
            assertArrayEquals(b, a, "fit " + fit + ": losses");
        }
        for (String p : on.parameters().names()) {
            assertArrayEquals(off.parameters().get(p).data().asInt(), on.parameters().get(p).data().asInt(), "parameter " + p);
        }
        assertEquals(off.embed(d.features()), on.embed(d.features()));

        org.nd4j.autodiff.samediff.SameDiff sd = org.nd4j.autodiff.samediff.SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 4);
        sd.var("w", Nd4j.ones(DataType.FLOAT, 4, 2));
        x.mmul(sd.getVariable("w")).mul(2).sum().rename("loss");
        sd.setLossVariables("loss");
        StepArena arena = StepArena.forGradients(sd);
        Map<String, INDArray> feed = Map.of("x", Nd4j.ones(DataType.FLOAT, 3, 4));
        INDArray g = sd.calculateGradients(feed, "w").get("w");
        arena.uninstall();
        assertTrue(g.wasClosed(), "the arena's arrays are freed when it is uninstalled");
    }

    /** As {@link SessionReplay} does: a first call on {@code feeds} fills the arena, the second is recorded. */
    private static StepPlan.Recorded recordSecondCall(org.nd4j.autodiff.samediff.SameDiff sd, StepArena arena,
                                                      Map<String, INDArray> feeds, List<String> outs, List<String> wrt) {
        sd.calculateGradientsAndOutputs(feeds, outs, wrt);
        arena.nextStep();
        return StepPlan.record(sd, new java.util.HashMap<>(feeds), outs, wrt);
    }

    /** A small graph with a loss, for the step plan's tests: [3, 4] · [4, 2], a ReLU, a batch mean and squares. */
    static org.nd4j.autodiff.samediff.SameDiff planGraph() {
        org.nd4j.autodiff.samediff.SameDiff sd = org.nd4j.autodiff.samediff.SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, 3, 4);
        SDVariable w = sd.var("w", Nd4j.linspace(DataType.FLOAT, 1, 8, 1).subi(4.5).muli(0.25).reshape(4, 2));
        SDVariable h = sd.nn().relu(x.mmul(w), 0);
        SDVariable c = h.sub(h.mean(true, 0));
        c.mul(c).sum().add(w.mul(w).sum().mul(0.1)).rename("loss");
        sd.setLossVariables("loss");
        return sd;
    }

    /**
     * A recorded gradient call replayed on new feeds gives the session's values bit for bit, including after its
     * arrays were overwritten; feeds of another shape are refused; two recordings that read different variable arrays
     * are told apart; a graph with a listener gets no plan.
     */
    @Test
    void aStepPlanReplaysTheRecordedCallWithTheSessionsBits() {
        org.nd4j.autodiff.samediff.SameDiff sd = planGraph(), reference = planGraph();
        List<String> outs = List.of("loss"), wrt = List.of("w");
        Map<String, INDArray> f1 = Map.of("x", Nd4j.linspace(DataType.FLOAT, 1, 12, 1).subi(5).muli(0.5).reshape(3, 4));
        Map<String, INDArray> f2 = Map.of("x", Nd4j.linspace(DataType.FLOAT, 1, 12, 1).muli(-0.5).addi(5).reshape(3, 4));
        StepArena arena = StepArena.forGradients(sd);
        StepPlan.Recorded r = recordSecondCall(sd, arena, f1, outs, wrt);
        assertTrue(r.plan() != null, "the call can be replayed");
        assertTrue(r.plan().size() > 5, "the call's ops are in the plan: " + r.plan().size());
        assertEquals(r.plan().recorded(), r.plan().size() + 1, "every op is needed for the loss or w's gradient; the loss's "
                + "scalar add_bp only copies, and is left out: " + r.plan().ops());
        assertFalse(r.plan().ops().contains("add_bp"));
        assertFalse(r.plan().ops().contains("matmul_bp"), "the gradient for x is not computed: " + r.plan().ops());
        assertTrue(r.plan().ops().contains("matmul"), "the forward product and w's gradient: " + r.plan().ops());
        for (INDArray a : r.plan().gradients().values()) a.assign(Float.NaN);
        for (INDArray a : r.plan().outputs().values()) a.assign(Float.NaN);
        r.plan().run(f2);
        org.nd4j.autodiff.samediff.api.OutAndGrad expected = reference.calculateGradientsAndOutputs(f2, outs, wrt);
        assertArrayEquals(expected.getGradients().get("w").data().asInt(), r.plan().gradients().get("w").data().asInt(), "gradient");
        assertArrayEquals(expected.getOutputs().get("loss").data().asInt(), r.plan().outputs().get("loss").data().asInt(), "loss");
        assertTrue(r.plan().accepts(f2));
        arena.nextStep();
        StepPlan.Recorded again = StepPlan.record(sd, new java.util.HashMap<>(f2), outs, wrt);
        assertTrue(r.plan().sameExternalInputs(again.plan()), "a second call reads the same variable arrays");
        assertFalse(r.plan().accepts(Map.of("x", Nd4j.ones(DataType.FLOAT, 2, 4))), "another batch size");
        assertFalse(r.plan().accepts(Map.of("x", Nd4j.ones(DataType.DOUBLE, 3, 4))), "another data type");
        arena.uninstall();

        // A variable given an array of another shape at each call, as LatentTraining does with its codes: the session
        // hands the ops a new array every time, so the two recordings differ and the trainer must not replay.
        org.nd4j.autodiff.samediff.SameDiff swapped = org.nd4j.autodiff.samediff.SameDiff.create();
        SDVariable y = swapped.placeHolder("y", DataType.FLOAT, 3, 2);
        SDVariable z = swapped.var("z", Nd4j.zeros(DataType.FLOAT, 1, 2));
        SDVariable d = y.sub(z);
        d.mul(d).sum().rename("loss");
        swapped.setLossVariables("loss");
        Map<String, INDArray> fy = Map.of("y", Nd4j.ones(DataType.FLOAT, 3, 2));
        StepArena swappedArena = StepArena.forGradients(swapped);
        StepPlan.Recorded[] calls = new StepPlan.Recorded[2];
        for (int i = 0; i < 2; i++) {
            swapped.associateArrayWithVariable(Nd4j.ones(DataType.FLOAT, 3, 2).muli(i + 1), "z");
            swappedArena.nextStep();
            calls[i] = StepPlan.record(swapped, new java.util.HashMap<>(fy), outs, List.of("z"));
        }
        assertTrue(calls[0].plan() != null && calls[1].plan() != null);
        assertFalse(calls[0].plan().sameExternalInputs(calls[1].plan()), "the ops read another array for z");
        swappedArena.uninstall();

        org.nd4j.autodiff.samediff.SameDiff listened = planGraph();
        listened.setListeners(new org.nd4j.autodiff.listeners.BaseListener() {
            @Override
            public boolean isActive(org.nd4j.autodiff.listeners.Operation operation) {
                return true;
            }
        });
        listened.calculateGradientsAndOutputs(f1, outs, wrt);
        assertEquals(null, StepPlan.record(listened, f1, outs, wrt).plan(), "a listener would miss the replayed ops");
    }

    /**
     * The replay leaves out what only copies: a same-shape {@code add_bp} or {@code subtract_bp} (later ops read dz
     * itself, and −dz is one {@code neg}), {@code multiply_bp} runs as its two products, and a ones · row product that
     * only adds, subtracts and multiplies read is not run (they read the row, broadcast), zeros are not added, and an
     * op repeated on the same inputs (exp in exp's gradient) runs once. On new feeds — the centring row depends on them, so a product left stale would show — the
     * replay gives the session's gradients and loss bit for bit.
     */
    @Test
    void aStepPlanLeavesOutCopiesAndOnesProductsWithTheSessionsBits() {
        java.util.function.Supplier<org.nd4j.autodiff.samediff.SameDiff> make = () -> {
            org.nd4j.autodiff.samediff.SameDiff sd = org.nd4j.autodiff.samediff.SameDiff.create();
            SDVariable x = sd.placeHolder("x", DataType.FLOAT, 4, 3);
            SDVariable w = sd.var("w", Nd4j.linspace(DataType.FLOAT, 1, 15, 1).muli(0.1).subi(0.7).reshape(3, 5));
            SDVariable b = sd.var("b", Nd4j.linspace(DataType.FLOAT, 1, 5, 1).muli(0.2).subi(0.5));
            SDVariable h = x.mmul(w);
            SDVariable shape = sd.concat(0, sd.reshape(sd.sizeAt(h, 0), 1), sd.constant(Nd4j.createFromArray(1L)));
            SDVariable ones = sd.fill(shape, DataType.FLOAT, 1.0);
            SDVariable mean = sd.mmul(ones, h, true, false, false).div(4);
            SDVariable scale = sd.var("s", Nd4j.linspace(DataType.FLOAT, 1, 5, 1).muli(-0.3).addi(1.1));
            SDVariable c = h.add(ones.mmul(b.reshape(1, -1))).sub(ones.mmul(mean)).mul(ones.mmul(scale.reshape(1, -1)));
            SDVariable d = c.sub(h.mul(h));
            SDVariable relu = c.mul(sd.math().step(c, 0.0));   // as Activation writes it: step's gradient is zeroslike
            d.mul(d).sum().add(relu.mul(relu).sum().mul(0.5)).add(sd.math().exp(c.mul(0.1)).sum()).rename("loss");
            sd.setLossVariables("loss");
            return sd;
        };
        org.nd4j.autodiff.samediff.SameDiff sd = make.get(), reference = make.get();
        List<String> outs = List.of("loss"), wrt = List.of("w", "b", "s");
        Map<String, INDArray> f1 = Map.of("x", Nd4j.linspace(DataType.FLOAT, 1, 12, 1).subi(5).muli(0.5).reshape(4, 3));
        Map<String, INDArray> f2 = Map.of("x", Nd4j.linspace(DataType.FLOAT, 1, 12, 1).muli(-0.3).addi(2).reshape(4, 3));
        StepArena arena = StepArena.forGradients(sd);
        StepPlan.Recorded r = recordSecondCall(sd, arena, f1, outs, wrt);
        assertTrue(r.plan() != null, "the call can be replayed");
        List<String> ops = r.plan().ops();
        assertFalse(ops.contains("add_bp") || ops.contains("subtract_bp") || ops.contains("multiply_bp"),
                "same-shape add, subtract and product gradients are copies and products: " + ops);
        assertTrue(ops.contains("neg"), "−dz of the subtracts: " + ops);
        assertFalse(ops.contains("zeroslike"), "the ReLU's zero gradient is not added: " + ops);
        // SameDiff's gradient of exp runs exp again on the same input: a repeat, left out.
        assertEquals(1, ops.stream().filter("exp"::equals).count(), "exp once: " + ops);
        // x·w, onesᵀ·h for the mean, onesᵀ·dz for b's, the mean's and s's gradients, xᵀ·dh for w's; ones·b, ones·mean,
        // ones·s and ones·d(mean) are broadcasts now (10 products recorded). The onesᵀ products may run row by row.
        assertEquals(6, ops.stream().filter(o -> o.startsWith("matmul")).count(), "the four ones · row products are broadcasts now: " + ops);
        for (INDArray a : r.plan().gradients().values()) a.assign(Float.NaN);
        for (INDArray a : r.plan().outputs().values()) a.assign(Float.NaN);
        r.plan().run(f2);
        org.nd4j.autodiff.samediff.api.OutAndGrad expected = reference.calculateGradientsAndOutputs(f2, outs, wrt);
        for (String v : wrt) {
            assertArrayEquals(expected.getGradients().get(v).data().asInt(), r.plan().gradients().get(v).data().asInt(), "gradient of " + v);
        }
        assertArrayEquals(expected.getOutputs().get("loss").data().asInt(), r.plan().outputs().get("loss").data().asInt(), "loss");
        arena.uninstall();
    }

    /**
     * Values the batch's shape fixes (a column of ones, a self-mask from {@code eye}) are computed once, when recorded,
     * and an unstack of the views and a concat run as memory copies. The replay keeps its own copies of the fixed
     * values: scribbled over the arena's arrays (as a call through the session between two replays may), it still
     * gives the session's gradients and loss on new feeds, bit for bit.
     */
    @Test
    void aStepPlanComputesShapeFixedValuesOnceAndMovesAsCopiesWithTheSessionsBits() {
        java.util.function.Supplier<org.nd4j.autodiff.samediff.SameDiff> make = () -> {
            org.nd4j.autodiff.samediff.SameDiff sd = org.nd4j.autodiff.samediff.SameDiff.create();
            SDVariable x = sd.placeHolder("x", DataType.FLOAT, 4, 2, 3);                     // [B, views, F]
            SDVariable w = sd.var("w", Nd4j.linspace(DataType.FLOAT, 1, 15, 1).muli(0.1).subi(0.7).reshape(3, 5));
            SDVariable[] views = sd.unstack(x, 1, 2);
            SDVariable u = sd.concat(0, views[0].mmul(w), views[1].mmul(w).mul(2));        // [2B, 5]; the views weigh differently
            SDVariable shape = sd.concat(0, sd.reshape(sd.sizeAt(u, 0), 1), sd.constant(Nd4j.createFromArray(1L)));
            SDVariable ones = sd.fill(shape, DataType.FLOAT, 1.0);
            SDVariable mean = sd.mmul(ones, u, true, false, false).div(8);
            SDVariable mask = sd.math().eye(sd.reshape(sd.sizeAt(u, 0), 1)).castTo(DataType.FLOAT).mul(3);
            SDVariable s = sd.mmul(u, u, false, true, false).sub(mask);
            s.mul(s).sum().add(mean.mul(mean).sum()).rename("loss");
            sd.setLossVariables("loss");
            return sd;
        };
        org.nd4j.autodiff.samediff.SameDiff sd = make.get(), reference = make.get();
        List<String> outs = List.of("loss"), wrt = List.of("w");
        Map<String, INDArray> f1 = Map.of("x", Nd4j.linspace(DataType.FLOAT, 1, 24, 1).subi(9).muli(0.2).reshape(4, 2, 3));
        Map<String, INDArray> f2 = Map.of("x", Nd4j.linspace(DataType.FLOAT, 1, 24, 1).muli(-0.15).addi(1.5).reshape(4, 2, 3));
        StepArena arena = StepArena.forGradients(sd);
        StepPlan.Recorded r = recordSecondCall(sd, arena, f1, outs, wrt);
        assertTrue(r.plan() != null, "the call can be replayed");
        List<String> ops = r.plan().ops();
        for (String fixed : List.of("size_at", "fill", "eye", "cast")) assertFalse(ops.contains(fixed), fixed + " is computed once: " + ops);
        assertTrue(ops.contains("unstack (copies)") && ops.contains("concat (copies)"), "moves as memory copies: " + ops);
        arena.nextStep();
        arena.scribble(Double.NaN);
        for (INDArray a : r.plan().gradients().values()) a.assign(Float.NaN);
        for (INDArray a : r.plan().outputs().values()) a.assign(Float.NaN);
        r.plan().run(f2);
        org.nd4j.autodiff.samediff.api.OutAndGrad expected = reference.calculateGradientsAndOutputs(f2, outs, wrt);
        assertArrayEquals(expected.getGradients().get("w").data().asInt(), r.plan().gradients().get("w").data().asInt(), "gradient of w");
        assertArrayEquals(expected.getOutputs().get("loss").data().asInt(), r.plan().outputs().get("loss").data().asInt(), "loss");
        arena.uninstall();
    }

    /**
     * Column sums — onesᵀ · x products (batch norm's statistics and its broadcasts' gradients) and {@code reduce_sum}
     * / {@code reduce_mean} over the batch — run row by row, and row sums and means and their gradients in Java, where
     * they give the op's bits on the recorded inputs and on made-up ones, in float
     * and double, at the reference step's width (1,024) and at 256, where M2.1's product on this CPU adds in another
     * order and so may stay an op. On new feeds, before and after sharing memory, the replay gives the session's loss
     * and gradients bit for bit.
     */
    @Test
    void columnSumsRunRowByRowOnlyWhereTheRecordedBitsAgree() {
        for (DataType type : List.of(DataType.FLOAT, DataType.DOUBLE)) {
            java.util.function.Supplier<org.nd4j.autodiff.samediff.SameDiff> make = () -> {
                org.nd4j.autodiff.samediff.SameDiff sd = org.nd4j.autodiff.samediff.SameDiff.create();
                SDVariable x = sd.placeHolder("x", type, 300, 8);
                SDVariable total = null;
                for (int width : new int[] {1024, 256}) {
                    SDVariable w = sd.var("w" + width, Nd4j.rand(type, 8, width).subi(0.5));
                    SDVariable h = sd.math().tanh(x.mmul(w));
                    SDVariable shape = sd.concat(0, sd.reshape(sd.sizeAt(h, 0), 1), sd.constant(Nd4j.createFromArray(1L)));
                    SDVariable ones = sd.fill(shape, type, 1.0);
                    SDVariable mean = sd.mmul(ones, h, true, false, false).div(300);
                    SDVariable c = h.sub(ones.mmul(mean));
                    SDVariable m = c.mean(true, 0), q = h.mul(h).mean(true, 0);
                    SDVariable var = c.mul(c).sum(0).add(m.mul(q).reshape(-1));
                    SDVariable norms = h.mul(h).sum(true, 1).add(c.mean(true, 1));                     // row sums and means [300, 1]
                    SDVariable term = var.mul(var).sum().add(c.mul(c).mul(h).sum()).add(norms.mul(norms).sum());
                    total = total == null ? term : total.add(term);
                }
                total.rename("loss");
                sd.setLossVariables("loss");
                return sd;
            };
            Nd4j.getRandom().setSeed(11);
            org.nd4j.autodiff.samediff.SameDiff sd = make.get();
            Nd4j.getRandom().setSeed(11);
            org.nd4j.autodiff.samediff.SameDiff reference = make.get();
            List<String> outs = List.of("loss"), wrt = List.of("w1024", "w256");
            // Recorded on zeros: every sum of zeros is zero in any order, so only the check on made-up values can
            // tell a product that adds in another order (256 wide; in double) from one that adds in row order.
            Map<String, INDArray> f1 = Map.of("x", Nd4j.zeros(type, 300, 8));
            StepArena arena = StepArena.forGradients(sd);
            StepPlan.Recorded r = recordSecondCall(sd, arena, f1, outs, wrt);
            assertTrue(r.plan() != null, "the call can be replayed");
            List<String> ops = r.plan().ops();
            assertTrue(ops.contains("reduce_sum (row by row)") && ops.contains("reduce_mean (row by row)"), type + ": " + ops);
            assertTrue(ops.contains("reduce_sum (in Java)") && ops.contains("reduce_mean (in Java)"), "row sums and means: " + type + ": " + ops);
            assertTrue(ops.contains("reduce_sum_bp (in Java)") && ops.contains("reduce_mean_bp (in Java)"), "their gradients: " + type + ": " + ops);
            long rowByRow = ops.stream().filter("matmul (row by row)"::equals).count();
            long products = ops.stream().filter(o -> o.startsWith("matmul")).count();
            // Where this CPU's product adds in row order (float, 1,024 wide, on the machines measured) they must run row by row.
            if (productAddsRowsInOrder(type, 300, 1024)) {
                assertTrue(rowByRow >= 2, type + ": the 1,024-wide onesᵀ products (the mean and its gradient) run row by row: " + ops);
            }
            // The plan as recorded, then with shared memory (which frees memory the first would still use).
            for (int pass = 0; pass < 2; pass++) {
                StepPlan plan = pass == 0 ? r.plan() : r.plan().withSharedMemory(arena);
                assertEquals(ops, plan.ops(), "the same ops after sharing memory");
                for (int k = 0; k < 2; k++) {
                    Map<String, INDArray> f = Map.of("x", Nd4j.rand(type, 300, 8).subi(0.5).muli(2 + k));
                    assertReplayGivesTheSessionsBits(plan, arena, reference, f, outs, wrt,
                            type + " (" + rowByRow + " of " + products + " products row by row)");
                }
            }
            arena.uninstall();
        }
    }

    /**
     * A row maximum's gradient ({@code reduce_max_bp} over dimension 1, as in InfoNCE's stable log-sum-exp) runs in
     * Java, with libnd4j's choice among equal maxima: two equal columns of w make every row's maximum a tie, and the
     * replay gives the session's bits on new feeds, before and after sharing memory.
     */
    @Test
    void aRowMaximumsGradientRunsRowByRowWithTheSessionsBitsAlsoForTies() {
        java.util.function.Supplier<org.nd4j.autodiff.samediff.SameDiff> make = () -> {
            org.nd4j.autodiff.samediff.SameDiff sd = org.nd4j.autodiff.samediff.SameDiff.create();
            SDVariable x = sd.placeHolder("x", DataType.FLOAT, 64, 6);
            INDArray w0 = org.nd4j.linalg.ops.transforms.Transforms.sin(Nd4j.linspace(DataType.FLOAT, 1, 6 * 40, 1).muli(0.37)).reshape(6, 40);
            w0.getColumn(7).assign(4);   // columns 7 and 29 equal and large: every row's maximum is a tie
            w0.getColumn(29).assign(4);
            SDVariable w = sd.var("w", w0);
            SDVariable s = x.add(1.5).mmul(w);                          // x + 1.5 > 0: columns 7 and 29 lead
            SDVariable m = sd.max(s, true, 1);
            sd.math().exp(s.sub(m)).sum().add(m.mul(m).sum()).rename("loss");
            sd.setLossVariables("loss");
            return sd;
        };
        org.nd4j.autodiff.samediff.SameDiff sd = make.get(), reference = make.get();
        List<String> outs = List.of("loss"), wrt = List.of("w");
        java.util.function.IntFunction<Map<String, INDArray>> feed = k ->
                Map.of("x", org.nd4j.linalg.ops.transforms.Transforms.cos(Nd4j.linspace(DataType.FLOAT, 1, 64 * 6, 1).muli(0.11 * (k + 1))).reshape(64, 6));
        StepArena arena = StepArena.forGradients(sd);
        StepPlan.Recorded r = recordSecondCall(sd, arena, feed.apply(0), outs, wrt);
        assertTrue(r.plan() != null, "the call can be replayed");
        assertTrue(r.plan().ops().contains("reduce_max_bp (row by row)"), "the maximum's gradient runs in Java: " + r.plan().ops());
        for (int pass = 0; pass < 2; pass++) {
            StepPlan plan = pass == 0 ? r.plan() : r.plan().withSharedMemory(arena);
            for (int k = 1; k < 3; k++) assertReplayGivesTheSessionsBits(plan, arena, reference, feed.apply(k), outs, wrt, "ties");
        }
        arena.uninstall();
    }

    /** Whether M2.1's onesᵀ · x on a random [rows, cols] array gives the sums of x's rows added in order, bit for bit. */
    private static boolean productAddsRowsInOrder(DataType type, int rows, int cols) {
        INDArray x = Nd4j.randn(type, rows, cols).muli(Math.PI);   // full mantissas: sums that round, whatever the type
        INDArray product = Nd4j.create(type, 1, cols);
        Nd4j.exec(new org.nd4j.linalg.api.ops.impl.reduce.Mmul(Nd4j.ones(type, rows, 1), x, product,
                org.nd4j.linalg.api.blas.params.MMulTranspose.builder().transposeA(true).build()));
        INDArray sum = Nd4j.zeros(type, 1, cols);
        for (int i = 0; i < rows; i++) sum.addi(x.getRow(i, true));
        return java.util.Arrays.equals(product.data().asBytes(), sum.data().asBytes());
    }

    /**
     * A replay that shares memory between op outputs whose lives do not overlap writes less memory and gives the
     * session's bits: the arrays it no longer uses are freed and never handed out again, the free ones are scribbled
     * over with NaN before the replay (a value read after its memory was taken would show), and a call through the
     * session in between (which reuses the arena) changes nothing either.
     */
    @Test
    void aReplaySharingMemoryBetweenOutputsThatAreNeverAliveTogetherGivesTheSessionsBits() {
        java.util.function.Supplier<org.nd4j.autodiff.samediff.SameDiff> make = () -> {
            org.nd4j.autodiff.samediff.SameDiff sd = org.nd4j.autodiff.samediff.SameDiff.create();
            SDVariable x = sd.placeHolder("x", DataType.FLOAT, 6, 5);
            SDVariable h = x;
            for (int l = 0; l < 4; l++) {
                SDVariable w = sd.var("w" + l, Nd4j.linspace(DataType.FLOAT, 1, 25, 1).muli(0.03 * (l + 1)).subi(0.4).reshape(5, 5));
                h = sd.math().tanh(h.mmul(w).mul(1.5)).add(h.mul(0.5));   // same-shape temporaries, alive briefly
            }
            h.mul(h).sum().rename("loss");
            sd.setLossVariables("loss");
            return sd;
        };
        org.nd4j.autodiff.samediff.SameDiff sd = make.get(), reference = make.get();
        List<String> outs = List.of("loss"), wrt = List.of("w0", "w1", "w2", "w3");
        Map<String, INDArray> f1 = Map.of("x", Nd4j.linspace(DataType.FLOAT, 1, 30, 1).subi(12).muli(0.1).reshape(6, 5));
        Map<String, INDArray> f2 = Map.of("x", Nd4j.linspace(DataType.FLOAT, 1, 30, 1).muli(-0.07).addi(0.9).reshape(6, 5));
        StepArena arena = StepArena.forGradients(sd);
        StepPlan.Recorded r = recordSecondCall(sd, arena, f1, outs, wrt);
        assertTrue(r.plan() != null, "the call can be replayed");
        long held = arenaBytes(arena);
        StepPlan plan = r.plan().withSharedMemory(arena);
        assertEquals(r.plan().ops(), plan.ops(), "the same ops");
        // What the replay no longer writes, and the outputs of the ops it leaves out (the first layer's input gradient).
        assertTrue(arenaBytes(arena) < held - (r.plan().opBytes() - plan.opBytes()), "the arena frees what the replay no longer uses");
        assertTrue(plan.opBytes() < 0.6 * r.plan().opBytes(), "op outputs share memory: " + r.plan().opBytes() + " -> " + plan.opBytes() + " bytes");
        for (Map<String, INDArray> f : List.of(f2, f1, f2)) {
            org.nd4j.autodiff.samediff.api.OutAndGrad expected = assertReplayGivesTheSessionsBits(plan, arena, reference, f, outs, wrt, "shared memory");
            arena.nextStep();
            org.nd4j.autodiff.samediff.api.OutAndGrad viaSession = sd.calculateGradientsAndOutputs(f, outs, wrt);
            assertArrayEquals(expected.getGradients().get("w0").data().asInt(), viaSession.getGradients().get("w0").data().asInt(),
                    "a session call on the arena after sharing");
        }
        arena.uninstall();
    }

    /**
     * A replay of {@code plan} on {@code feeds}, after NaN scribbles over the arena's free arrays and the results, gives
     * the session's loss and gradients ({@code reference}, the same graph) bit for bit; returns the session's.
     */
    private static org.nd4j.autodiff.samediff.api.OutAndGrad assertReplayGivesTheSessionsBits(StepPlan plan, StepArena arena, org.nd4j.autodiff.samediff.SameDiff reference,
                                                         Map<String, INDArray> feeds, List<String> outs, List<String> wrt, String what) {
        arena.nextStep();
        arena.scribble(Double.NaN);
        for (INDArray a : plan.gradients().values()) a.assign(Double.NaN);
        for (INDArray a : plan.outputs().values()) a.assign(Double.NaN);
        plan.run(feeds);
        org.nd4j.autodiff.samediff.api.OutAndGrad expected = reference.calculateGradientsAndOutputs(feeds, outs, wrt);
        for (String v : wrt) {
            assertArrayEquals(expected.getGradients().get(v).data().asBytes(), plan.gradients().get(v).data().asBytes(), what + ": gradient of " + v);
        }
        assertArrayEquals(expected.getOutputs().get("loss").data().asBytes(), plan.outputs().get("loss").data().asBytes(), what + ": loss");
        return expected;
    }

    private static long arenaBytes(StepArena arena) {
        return arena.handedOutBuffers().stream().mapToLong(b -> b.length() * b.getElementSize()).sum();
    }

    /** The arena installs on the calling thread's session and hands a call's arrays back at the next call. */
    @Test
    void stepArenaHandsBackTheLastCallsArrays() {
        org.nd4j.autodiff.samediff.SameDiff sd = org.nd4j.autodiff.samediff.SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 4);
        SDVariable y = x.mul(2).add(1).mul(x);
        Map<String, INDArray> feed = Map.of("x", Nd4j.linspace(DataType.FLOAT, 1, 12, 1).reshape(3, 4));
        assertEquals(null, StepArena.install(sd), "no session before the first call");
        INDArray first = sd.output(feed, y.name()).get(y.name()).dup();
        StepArena arena = StepArena.install(sd);
        assertTrue(arena != null);
        INDArray second = sd.output(feed, y.name()).get(y.name()).dup();
        assertEquals(0, arena.counts()[1], "nothing to reuse in the first call");
        arena.nextStep();
        INDArray third = sd.output(feed, y.name()).get(y.name()).dup();
        assertEquals(arena.counts()[0] / 2, arena.counts()[1], "the second call reuses every array of the first");
        assertEquals(first, second);
        assertEquals(first, third);
        arena.uninstall();
        assertFalse(sd.getSessions().get(Thread.currentThread().getId()).getMmgr() == arena);
    }

    /**
     * Made before the first gradient call, the arena serves that call too: the second call allocates nothing new
     * (made after the first call, as before, the first call's buffers were fresh and never reused).
     */
    @Test
    void anArenaMadeBeforeTheFirstGradientCallServesItToo() {
        org.nd4j.autodiff.samediff.SameDiff sd = org.nd4j.autodiff.samediff.SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 4);
        SDVariable w = sd.var("w", Nd4j.linspace(DataType.FLOAT, 1, 8, 1).reshape(4, 2));
        SDVariable loss = x.mmul(w).mul(x.mmul(w)).sum().rename("loss");
        sd.setLossVariables("loss");
        Map<String, INDArray> feed = Map.of("x", Nd4j.linspace(DataType.FLOAT, 1, 12, 1).reshape(3, 4));
        assertEquals(null, sd.getFunction("grad"), "no gradient function before the first call");
        StepArena arena = StepArena.forGradients(sd);
        assertTrue(arena != null, "made with the gradient function and its session");
        INDArray g1 = sd.calculateGradients(feed, "w").get("w").dup();
        long afterFirst = arena.counts()[0];
        assertTrue(afterFirst > 0, "the first call's outputs came from the arena");
        assertEquals(0, arena.counts()[1]);
        arena.nextStep();
        INDArray g2 = sd.calculateGradients(feed, "w").get("w").dup();
        assertEquals(arena.counts()[0] - afterFirst, arena.counts()[1], "the second call reuses every array of the first");
        assertEquals(g1, g2);
        arena.uninstall();
        INDArray plain = sd.calculateGradients(feed, "w").get("w");
        assertEquals(g1, plain, "the same gradient without the arena");
    }

    @Test
    void sameSeedSameHistory() {
        LabeledData d = Synthetic.clusters(128, 16, 4, 0.3, 2);
        double[] a = tiny(7).epochs(2).build().fit(tinyModel(7), views(d)).steps().doubleColumn("loss").asDoubleArray();
        double[] b = tiny(7).epochs(2).build().fit(tinyModel(7), views(d)).steps().doubleColumn("loss").asDoubleArray();
        double[] c = tiny(8).epochs(2).build().fit(tinyModel(7), views(d)).steps().doubleColumn("loss").asDoubleArray();
        double[] e = tiny(7).epochs(2).build().fit(tinyModel(8), views(d)).steps().doubleColumn("loss").asDoubleArray();
        assertArrayEquals(a, b);
        assertFalse(java.util.Arrays.equals(a, c), "a different trainer seed (data order, views) should give different losses");
        assertFalse(java.util.Arrays.equals(a, e), "a different model seed (initial weights) should give different losses");
    }

    @Test
    void everyObjectiveTrainsThroughTheLoop() {
        LabeledData d = Synthetic.clusters(128, 16, 4, 0.3, 4);
        for (String n : Objectives.NAMES) {
            Objective obj = Objectives.byName(n);
            Jepa model = Jepa.siamese(Mlp.of(16, 32, 8), obj).seed(3).build();
            TrainingRun run = tiny(3).epochs(2).build().fit(model, views(d));
            double[] loss = run.steps().doubleColumn("loss").asDoubleArray();
            assertEquals(8, loss.length, n);
            for (double l : loss) assertTrue(Double.isFinite(l), n + ": loss " + l);
            assertNotEquals(loss[0], loss[loss.length - 1], n + ": the loss should move");
            Graph g = new Graph(new Parameters(DataType.FLOAT, 0));
            SDVariable za = g.sd().var("za", Nd4j.ones(DataType.FLOAT, 4, 8));
            SDVariable zb = g.sd().var("zb", Nd4j.ones(DataType.FLOAT, 4, 8));
            List<String> terms = new ArrayList<>(obj.terms(g, za, zb, 8).keySet());
            List<String> columns = run.history().columnNames();
            assertEquals(terms, columns.subList(2, 2 + terms.size()), n + ": every term of the objective is a history column, in order");
        }
    }

    @Test
    void batchNormRunningStatisticsFollowTheBatches() {
        LabeledData d = Synthetic.clusters(128, 16, 4, 0.3, 5);
        Jepa model = tinyModel(2);
        INDArray mean0 = model.parameters().get("online/projector/norm0/running_mean").dup();
        INDArray var0 = model.parameters().get("online/projector/norm0/running_var").dup();
        assertEquals(0.0, mean0.norm2Number().doubleValue(), 0.0);
        tiny(2).epochs(2).build().fit(model, views(d));
        INDArray mean = model.parameters().get("online/projector/norm0/running_mean");
        INDArray var = model.parameters().get("online/projector/norm0/running_var");
        assertTrue(mean.norm2Number().doubleValue() > 0.01, "running mean did not move: " + mean);
        assertFalse(var.equalsWithEps(var0, 1e-4), "running variance did not move: " + var);
        // inference mode uses them: a single row embeds like it does inside a batch
        INDArray all = model.latent(d.features());
        INDArray one = model.latent(d.features().getRows(0));
        assertArrayEquals(all.getRow(0).toFloatVector(), one.getRow(0).toFloatVector(), 1e-5f);
    }

    @Test
    void stepBudgetAndHooks() {
        LabeledData d = Synthetic.clusters(96, 16, 4, 0.3, 3); // 3 steps per epoch
        List<String> events = new ArrayList<>();
        List<INDArray> embs = new ArrayList<>();
        TrainingCallback cb = new TrainingCallback() {
            @Override
            public void onStart(TrainingContext ctx) {
                events.add("start " + ctx.step() + " of " + ctx.totalSteps());
            }

            @Override
            public void onStep(TrainingContext ctx, long step, Map<String, Double> l) {
                assertEquals(step, ctx.step());
                assertTrue(l.containsKey("loss") && l.containsKey("invariance"));
            }

            @Override
            public void onEpochEnd(TrainingContext ctx, int epoch, Map<String, Double> m) {
                events.add("epoch " + epoch + " step " + ctx.step());
                embs.add(ctx.embed(d.features()));
            }

            @Override
            public void onEnd(TrainingContext ctx) {
                events.add("end");
            }
        };
        Jepa model = tinyModel(1);
        TrainingRun run = tiny(1).steps(5).callback(cb).build().fit(model, views(d));
        assertEquals(List.of("start -1 of 5", "epoch 0 step 2", "epoch 1 step 4", "end"), events);
        assertEquals(5, run.steps().rowCount());
        assertEquals(2, run.history().rowCount());
        assertTrue(!embs.get(0).equalsWithEps(embs.get(1), 1e-6), "embeddings should change with training");
        // The model embeds exactly like the context did after the last epoch.
        assertTrue(model.embed(d.features()).equalsWithEps(embs.get(1), 1e-6));
    }

    @Test
    void asymmetricViewsUseBothAugmentations() {
        LabeledData d = Synthetic.clusters(64, 16, 4, 0.3, 3);
        int[] calls = new int[2];
        Augmentation a = (b, rng) -> { calls[0]++; return b; };
        Augmentation b = (x, rng) -> { calls[1]++; return x.mul(0.5); };
        tiny(1).epochs(1).build().fit(tinyModel(1), ViewPairs.of(d, a, b));
        // 2 steps + the dry run on the first batch, each augmentation once per step.
        assertEquals(3, calls[0]);
        assertEquals(3, calls[1]);
    }
}
