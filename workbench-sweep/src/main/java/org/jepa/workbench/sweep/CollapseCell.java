package org.jepa.workbench.sweep;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jepa.workbench.WorkbenchException;
import org.jepa.workbench.data.Augment;
import org.jepa.workbench.data.Augmentation;
import org.jepa.workbench.data.Datasets;
import org.jepa.workbench.data.LabeledData;
import org.jepa.workbench.data.Split;
import org.jepa.workbench.diagnostics.Collapse;
import org.jepa.workbench.diagnostics.CollapseReport;
import org.jepa.workbench.jepa.Jepa;
import org.jepa.workbench.model.Mlp;
import org.jepa.workbench.notebook.Experiment;
import org.jepa.workbench.objective.InvarianceOnly;
import org.jepa.workbench.objective.SIGReg;
import org.jepa.workbench.objective.VICReg;
import org.jepa.workbench.train.Trainer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Lecture 01's experiment as a sweep cell: one objective trains the MLP encoder 784→256→64 on MNIST with
 * augmented views, then the collapse diagnostics and the linear probe read the test embeddings.
 *
 * <p>Parameters: {@code objective} (one of {@link #OBJECTIVES}), {@code seed} (initialisation, data order
 * and augmentations; default 1), {@code train} (training images, default 2000 as the lecture),
 * {@code epochs} (default 8 as the lecture). The test set (1000 images) and its split are fixed (seed 42),
 * so seeds vary the training only.
 *
 * <p>Outputs: the verdict and every metric a verdict rule may use — {@code rankMe}, {@code rankMeFraction},
 * {@code normStdRatio} (√D · std of l2-normalised rows), {@code centredNormStdRatio} (the same after removing
 * the mean: the angular spread around the centre, which a narrow cone far from the origin keeps),
 * {@code relativeStd}, {@code deadDimFraction}, {@code collapsedSpectrumFraction}, {@code meanStd},
 * {@code shrink} (meanStd / the untrained encoder's), {@code probe_accuracy}, {@code train_s}.
 */
public final class CollapseCell implements SweepTask {

    /** The objectives of lecture 01, by the names its table uses. */
    public static final List<String> OBJECTIVES = List.of("none", "VICReg μ=3", "VICReg ν=0", "VICReg", "SIGReg");

    /**
     * What each objective is in lecture 01 to show, the targets of {@link VerdictFit}: {@code none}
     * (invariance only) collapses to a point; VICReg with a weak variance term (μ = 3) and without its
     * covariance term (ν = 0) keep spread but lose dimensions (the ν = 0 cone has RankMe ≈ 6 of 64, a probe of
     * 75 % and a spread 4× the untrained encoder's: low rank, not a point); VICReg and SIGReg are healthy.
     */
    public static final Map<String, String> INTENDED = Map.of(
            "none", "COMPLETE_COLLAPSE", "VICReg μ=3", "DIMENSIONAL_COLLAPSE", "VICReg ν=0", "DIMENSIONAL_COLLAPSE",
            "VICReg", "HEALTHY", "SIGReg", "HEALTHY");

    @Override
    public Map<String, ?> run(Cell cell) {
        String objective = cell.string("objective");
        int seed = cell.integer("seed", 1);
        int nTrain = cell.integer("train", 2000);
        int epochs = cell.integer("epochs", 8);
        WorkbenchException.require(nTrain >= 256 && nTrain <= 9000, "CollapseCell: train must be in [256, 9000] images, got " + nTrain);
        WorkbenchException.require(epochs >= 1, "CollapseCell: epochs must be >= 1, got " + epochs);
        Split split = Datasets.mnist().head(nTrain + 1000).split(1000.0 / (nTrain + 1000), 42);
        LabeledData train = split.train(), test = split.test();
        Augmentation views = Augment.images(28, 28).shift(2).rotate(10).noise(0.1).erase(0.25).clip().build();
        Experiment e = Experiment.named(objective).model(model(objective))
                .training(Trainer.builder().epochs(epochs).batchSize(256).lr(2e-3).seed(seed)).views(views);
        Experiment.Result r = e.runQuietly(train, test);
        CollapseReport rep = r.report();
        INDArray z = r.model().embed(test.features());
        double centred = Collapse.of(z.subRowVector(z.mean(0))).diagnose().normStdRatio();
        INDArray ref = test.head(Math.min(512, test.size())).features();
        double std0 = Collapse.of(model(objective).seed(seed).build().embed(ref)).diagnose().meanStd();
        double stdNow = Collapse.of(r.model().embed(ref)).diagnose().meanStd();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("verdict", rep.verdict().name());
        out.put("rankMe", rep.rankMe());
        out.put("rankMeFraction", rep.rankMeFraction());
        out.put("normStdRatio", rep.normStdRatio());
        out.put("centredNormStdRatio", centred);
        out.put("relativeStd", rep.relativeStd());
        out.put("deadDimFraction", rep.deadDimFraction());
        out.put("collapsedSpectrumFraction", rep.collapsedSpectrumFraction());
        out.put("meanStd", rep.meanStd());
        out.put("shrink", stdNow / std0);
        out.put("probe_accuracy", r.probe().accuracy());
        out.put("train_s", r.trainSeconds());
        return out;
    }

    /** The lecture's model for {@code objective}: the same encoder under each objective. */
    static Jepa.Builder model(String objective) {
        Mlp encoder = Mlp.of(784, 256, 64);
        return switch (objective) {
            case "none" -> Jepa.siamese(encoder, InvarianceOnly.defaults());
            case "VICReg μ=3" -> Jepa.siamese(encoder, VICReg.defaults().varianceWeight(3));
            case "VICReg ν=0" -> Jepa.siamese(encoder, VICReg.defaults().covarianceWeight(0));
            case "VICReg" -> Jepa.siamese(encoder, VICReg.defaults());
            case "SIGReg" -> Jepa.siamese(encoder, SIGReg.defaults().directions(64));
            default -> throw new WorkbenchException("CollapseCell: unknown objective '" + objective + "'; use one of " + OBJECTIVES);
        };
    }
}
