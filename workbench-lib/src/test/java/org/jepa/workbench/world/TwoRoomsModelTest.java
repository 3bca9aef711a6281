package org.jepa.workbench.world;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.jepa.Jepa;
import org.jepa.workbench.train.Trainer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The second training stage: a predictor trained on cached latents and put back beside the encoder that made them. */
class TwoRoomsModelTest {
    private static final TwoRooms ENV = TwoRooms.fixed(28);

    private static TwoRoomsModel small() {
        return TwoRoomsModel.of(ENV).latentWidth(6).hiddenWidth(32).predictorWidth(32);
    }

    private static Trainer quick() {
        return Trainer.builder().epochs(1).batchSize(64).lr(3e-3).seed(2).progress(false).build();
    }

    /** A stage-one model of {@code recipe}, one quick epoch on {@code data}. */
    private static Jepa trained(TwoRoomsModel recipe, Trajectories data) {
        Jepa world = recipe.build();
        quick().fit(world, data);
        return world;
    }

    @Test
    void aPredictorTrainedOnCachedLatentsImaginesTheSameFromFramesBesideTheEncoder() {
        TwoRoomsModel recipe = small();
        Trajectories data = Trajectories.of(ENV, 640, 5, 1);
        Jepa world = trained(recipe, data);
        Map<String, INDArray> before = world.parameters().snapshot();

        Jepa onLatents = recipe.onLatents();
        quick().fit(onLatents, world.latents(data));
        world.copyPredictorFrom(onLatents);

        int changed = 0;
        for (var e : before.entrySet()) {
            INDArray now = world.parameters().get(e.getKey());
            if (e.getKey().startsWith("online/encoder/")) assertEquals(e.getValue(), now, e.getKey() + ": the encoder must not change");
            if (e.getKey().startsWith("online/predictor/")) {
                assertEquals(onLatents.parameters().get(e.getKey()), now, e.getKey() + " is the refit predictor's");
                if (!e.getValue().equals(now)) changed++;
            }
        }
        assertTrue(changed > 0, "the predictor should have changed");

        INDArray frames = data.framesAndPositions(3)[0].get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 3));
        INDArray actions = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 3, 4, 2).subi(0.5).muli(3);
        INDArray fromFrames = world.rollout(frames, actions);
        INDArray fromLatents = onLatents.rollout(world.latent(frames), actions);
        assertTrue(fromFrames.equalsWithEps(fromLatents, 1e-5), "imagined latents differ:\n" + fromFrames + "\n" + fromLatents);
    }

    @Test
    void refitPredictorKeepsTheEncoderAndNamesAMismatchedRecipe() {
        TwoRoomsModel recipe = small();
        Trajectories data = Trajectories.of(ENV, 320, 5, 1);
        Jepa world = trained(recipe, data);
        INDArray encoder = world.parameters().snapshot().entrySet().stream().filter(e -> e.getKey().startsWith("online/encoder/"))
                .findFirst().orElseThrow().getValue();
        String name = world.parameters().names().stream().filter(n -> n.startsWith("online/encoder/")).findFirst().orElseThrow();
        recipe.refitPredictor(world, Trajectories.of(ENV, 320, 5, 7).wallRate(0.3), quick());
        assertEquals(encoder, world.parameters().get(name));

        Jepa high = small().frozenEncoder().build();      // untrained, as a high level before its predictor is trained
        high.copyEncoderFrom(world);
        small().frozenEncoder().refitPredictor(high, data, quick());
        assertTrue(high.parameters().updates() > 0, "a model with a trained predictor copied in is trained");
        assertDoesNotThrow(() -> ActionEnergy.of(high, PlanningObjective.toGoal(), 5));

        WorkbenchException e = assertThrows(WorkbenchException.class,
                () -> TwoRoomsModel.of(ENV).refitPredictor(world, data, quick()));
        assertTrue(e.getMessage().contains("6-wide") && e.getMessage().contains("16"), e.getMessage());
        WorkbenchException other = assertThrows(WorkbenchException.class,
                () -> world.copyPredictorFrom(TwoRoomsModel.of(ENV).latentWidth(6).predictorWidth(16).onLatents()));
        assertTrue(other.getMessage().contains("shape"), other.getMessage());
    }
}
