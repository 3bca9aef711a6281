package org.jepa.workbench.sweep;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jepa.workbench.energy.ManifoldSeparation;

/**
 * The dimension argument as a sweep cell ({@link ManifoldSeparation}): an energy trained on data of a
 * low-dimensional manifold embedded in ambient dimension {@code D}, contrastively with {@code K} negatives
 * per sample or regularized without negatives; output the AUROC that separates held-out manifold points
 * from points at a fixed distance off it. Outputs {@code auroc}, {@code held_out_energy}, {@code off_manifold_energy},
 * {@code negatives_near} (share of negatives within 2r of the manifold; contrastive only), {@code final_loss},
 * {@code train_s}.
 *
 * <p>Parameters: {@code D} (ambient dimension), {@code method} ({@code contrastive} or {@code regularized}),
 * {@code K} (negatives per sample; contrastive only, leave it 0 for regularized), {@code seed}, optional
 * {@code steps}.
 */
public final class ManifoldCell implements SweepTask {

    @Override
    public Map<String, ?> run(Cell cell) {
        ManifoldSeparation.Method method = switch (cell.string("method")) {
            case "contrastive" -> ManifoldSeparation.Method.CONTRASTIVE;
            case "regularized" -> ManifoldSeparation.Method.REGULARIZED;
            default -> throw new org.jepa.workbench.WorkbenchException("ManifoldCell: method is contrastive or regularized, got '"
                    + cell.string("method") + "'");
        };
        ManifoldSeparation.Builder b = ManifoldSeparation.builder().ambientDim(cell.integer("D")).method(method)
                .seed(cell.integer("seed", 1));
        if (method == ManifoldSeparation.Method.CONTRASTIVE) b.negatives(cell.integer("K"));
        if (cell.has("steps")) b.steps(cell.integer("steps"));
        ManifoldSeparation.Result r = b.build().run();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("auroc", r.auroc());
        out.put("held_out_energy", r.heldOutEnergy());
        out.put("off_manifold_energy", r.offManifoldEnergy());
        // Regularized training draws no negatives: the column stays empty rather than NaN (which marks failure).
        if (method == ManifoldSeparation.Method.CONTRASTIVE) out.put("negatives_near", r.negativesNearFraction());
        out.put("final_loss", r.finalLoss());
        out.put("train_s", r.trainSeconds());
        return out;
    }
}
