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
import org.jepa.workbench.jepa.Jepa;
import org.jepa.workbench.model.Mlp;
import org.jepa.workbench.model.Norm;
import org.jepa.workbench.notebook.Experiment;
import org.jepa.workbench.objective.InfoNCE;
import org.jepa.workbench.objective.SIGReg;
import org.jepa.workbench.objective.VICReg;
import org.jepa.workbench.train.Trainer;

/**
 * Lecture 03's experiment as a sweep cell: one method trains an MLP encoder 64→max(128, D)→D on the UCI 8×8
 * digits with augmented views; a linear probe on all training labels and one on 100 labels (10 per class)
 * read the test embeddings.
 *
 * <p>Parameters: {@code method} (one of {@link #METHODS}), {@code batch} (default 128), {@code D} (embedding
 * width, default 64), {@code seed} (initialisation, data order, augmentations; default 1), {@code epochs}
 * (default 4 as the lecture). The train/test split (seed 7) and the 100-label subset (seed 3) are fixed.
 *
 * <p>Outputs: {@code probe_100_labels}, {@code probe_accuracy}, {@code rankMe}, {@code rankMeFraction},
 * {@code verdict}, {@code s_per_epoch}.
 */
public final class DigitsMethodCell implements SweepTask {

    /** The methods of lecture 03. */
    public static final List<String> METHODS = List.of("InfoNCE", "VICReg", "SIGReg", "BYOL");

    @Override
    public Map<String, ?> run(Cell cell) {
        String method = cell.string("method");
        int batch = cell.integer("batch", 128), d = cell.integer("D", 64), seed = cell.integer("seed", 1);
        int epochs = cell.integer("epochs", 4);
        WorkbenchException.require(batch >= 8 && batch <= 1024, "DigitsMethodCell: batch must be in [8, 1024], got " + batch);
        WorkbenchException.require(d >= 2 && d <= 2048, "DigitsMethodCell: D must be in [2, 2048], got " + d);
        WorkbenchException.require(epochs >= 1, "DigitsMethodCell: epochs must be >= 1, got " + epochs);
        Split split = Datasets.digits().split(0.25, 7);
        LabeledData train = split.train(), test = split.test();
        LabeledData few = train.split(1 - 100.0 / train.size(), 3).train();
        Augmentation views = Augment.images(8, 8).shift(1).noise(0.1).erase(0.2).clip().build();
        Experiment.Result r = Experiment.named(method).model(model(method, d))
                .training(Trainer.builder().epochs(epochs).batchSize(batch).lr(2e-3).seed(seed))
                .views(views).probeWith("probe_100_labels", few).runQuietly(train, test);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("probe_100_labels", r.probes().get("probe_100_labels"));
        out.put("probe_accuracy", r.probe().accuracy());
        out.put("rankMe", r.report().rankMe());
        out.put("rankMeFraction", r.report().rankMeFraction());
        out.put("verdict", r.report().verdict().name());
        out.put("s_per_epoch", r.secondsPerEpoch());
        return out;
    }

    /** Lecture 03's model for {@code method} at width {@code d}. */
    static Jepa.Builder model(String method, int d) {
        Mlp encoder = Mlp.of(64, Math.max(128, d), d);
        return switch (method) {
            case "InfoNCE" -> Jepa.siamese(encoder, InfoNCE.defaults().temperature(0.2));
            case "VICReg" -> Jepa.siamese(encoder, VICReg.defaults());
            case "SIGReg" -> Jepa.siamese(encoder, SIGReg.defaults().directions(64));
            case "BYOL" -> Jepa.byol(encoder, Mlp.of(d, 128, d).norm(Norm.BATCH)).ema(0.99);
            default -> throw new WorkbenchException("DigitsMethodCell: unknown method '" + method + "'; use one of " + METHODS);
        };
    }
}
