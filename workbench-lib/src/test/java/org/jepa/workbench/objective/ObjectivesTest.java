package org.jepa.workbench.objective;

import static org.jepa.workbench.objective.VICRegTest.assertMessage;
import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ObjectivesTest {

    @Test
    void everyNameGivesItsObjectiveWithDefaults() {
        Map<String, Class<?>> expected = Map.of(
                "none", InvarianceOnly.class, "infonce", InfoNCE.class, "margin", MarginContrastive.class,
                "vicreg", VICReg.class, "barlow", BarlowTwins.class, "sigreg", SIGReg.class,
                "cosine", CosineRegression.class, "prediction", EmbeddingPrediction.class);
        assertEquals(expected.keySet(), java.util.Set.copyOf(Objectives.NAMES));
        for (String n : Objectives.NAMES) {
            Objective o = Objectives.byName(n);
            assertEquals(expected.get(n), o.getClass());
            assertEquals(n, o.name(), "name() must round-trip through the factory");
        }
        assertEquals(CosineRegression.class, Objectives.byName("Cosine").getClass());
        // the method names stay accepted as aliases of their costs
        assertEquals(CosineRegression.class, Objectives.byName("byol").getClass());
        assertEquals(EmbeddingPrediction.class, Objectives.byName("jepa").getClass());
        assertEquals(BarlowTwins.class, Objectives.byName("Barlow-Twins").getClass());
        assertEquals(InfoNCE.class, Objectives.byName("NT_Xent").getClass());
        assertEquals(25.0, ((VICReg) Objectives.byName("vicreg")).varianceWeight());
        assertEquals(0.1, ((InfoNCE) Objectives.byName("infonce")).temperature());
        assertEquals(0.02, ((SIGReg) Objectives.byName("sigreg")).lambda());
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        assertMessage(() -> Objectives.byName("simclr2"), "unknown objective 'simclr2'", "vicreg", "sigreg");
        assertMessage(() -> Objectives.byName(null), "must not be null");
    }

    @Test
    void mismatchedShapesAndTypesAreReportedAtGraphBuild() {
        for (String n : Objectives.NAMES) {
            assertMessage(() -> ObjectiveTestSupport.evaluate(Objectives.byName(n),
                    ObjectiveTestSupport.gaussian(1, 4, 3, 1), ObjectiveTestSupport.gaussian(2, 4, 2, 1)), n, "same shape", "[4, 3]", "[4, 2]");
            assertMessage(() -> {
                org.nd4j.autodiff.samediff.SameDiff sd = org.nd4j.autodiff.samediff.SameDiff.create();
                Objectives.byName(n).terms(new org.jepa.workbench.model.Graph(sd, org.nd4j.linalg.api.buffer.DataType.FLOAT, 0),
                        sd.var("a", org.nd4j.linalg.factory.Nd4j.ones(org.nd4j.linalg.api.buffer.DataType.FLOAT, 4, 3)),
                        sd.var("b", org.nd4j.linalg.factory.Nd4j.ones(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 4, 3)), 3);
            }, n, "same data type");
        }
    }

    @Test
    void everyObjectiveHandlesDimensionOne() {
        // SameDiff M2.1 fails on reductions over a size-1 dimension; the objectives must not.
        double[][] a = {{0.5}, {-1.0}, {2.0}};
        double[][] b = {{0.7}, {-0.2}, {1.5}};
        for (String n : Objectives.NAMES) {
            Objective o = Objectives.byName(n);
            if (o instanceof SIGReg s) o = s.fixedDirections(org.nd4j.linalg.factory.Nd4j.ones(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 1, 1));
            double total = ObjectiveTestSupport.total(ObjectiveTestSupport.evaluate(o, a, b));
            assertTrue(Double.isFinite(total), n + " gave " + total);
        }
    }

    @Test
    void batchStatisticObjectivesRejectBatchOfOneAndOthersAcceptIt() {
        for (String n : new String[] {"infonce", "margin", "vicreg", "barlow", "sigreg"})
            assertMessage(() -> Objectives.byName(n).validate(1, 8), n, "batch size 1");
        for (String n : new String[] {"none", "cosine", "prediction"}) Objectives.byName(n).validate(1, 8);
    }
}
