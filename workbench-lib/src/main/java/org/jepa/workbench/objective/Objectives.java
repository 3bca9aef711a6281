package org.jepa.workbench.objective;

import java.util.List;
import java.util.Locale;
import org.jepa.workbench.WorkbenchException;

/**
 * Objectives by name, with their defaults, for notebooks:
 * {@code Objectives.byName("vicreg")} is {@code VICReg.defaults()}.
 *
 * <table>
 *   <caption>Names</caption>
 *   <tr><td>none</td><td>{@link InvarianceOnly} (collapses)</td></tr>
 *   <tr><td>infonce (nt-xent, simclr)</td><td>{@link InfoNCE}</td></tr>
 *   <tr><td>margin (contrastive, hinge)</td><td>{@link MarginContrastive}</td></tr>
 *   <tr><td>vicreg</td><td>{@link VICReg}</td></tr>
 *   <tr><td>barlow (barlowtwins)</td><td>{@link BarlowTwins}</td></tr>
 *   <tr><td>sigreg (lejepa)</td><td>{@link SIGReg}</td></tr>
 *   <tr><td>cosine (byol, simsiam)</td><td>{@link CosineRegression}, the cost of the BYOL and SimSiam presets</td></tr>
 *   <tr><td>prediction (jepa)</td><td>{@link EmbeddingPrediction}, the cost of the masked I-JEPA preset</td></tr>
 * </table>
 */
public final class Objectives {

    /** The canonical names, in the order above. */
    public static final List<String> NAMES =
            List.of("none", "infonce", "margin", "vicreg", "barlow", "sigreg", "cosine", "prediction");

    private Objectives() {
    }

    /** A new objective with default hyper-parameters; case, '-', '_' and spaces are ignored. */
    public static Objective byName(String name) {
        WorkbenchException.require(name != null, "objective name must not be null; known: " + NAMES);
        String n = name.trim().toLowerCase(Locale.ROOT).replaceAll("[-_ ]", "");
        return switch (n) {
            case "none", "invariance", "invarianceonly" -> InvarianceOnly.defaults();
            case "infonce", "ntxent", "simclr" -> InfoNCE.defaults();
            case "margin", "contrastive", "hinge", "margincontrastive" -> MarginContrastive.defaults();
            case "vicreg" -> VICReg.defaults();
            case "barlow", "barlowtwins" -> BarlowTwins.defaults();
            case "sigreg", "lejepa" -> SIGReg.defaults();
            case "byol", "cosine", "simsiam", "cosineregression" -> CosineRegression.defaults();
            case "jepa", "prediction", "embeddingprediction" -> EmbeddingPrediction.defaults();
            default -> throw new WorkbenchException("unknown objective '" + name + "'; known: " + NAMES);
        };
    }
}
