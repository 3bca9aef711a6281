package org.jepa.workbench.model;

import org.jepa.workbench.WorkbenchException;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * A network part (encoder, projector, predictor) as an immutable description. {@link #bind} creates
 * its parameters once in a {@link Graph} under a name prefix; the returned {@link Bound} can then be
 * applied to any number of inputs, all sharing those parameters (siamese weight sharing).
 */
public interface Module {

    /** Expected input width (columns of the [B, inputWidth] input). */
    long inputWidth();

    /** Output width D (columns of the [B, D] output). */
    long outputWidth();

    /**
     * Creates this module's parameters in {@code g}, named {@code prefix + "/..."}.
     *
     * @param trainable false for frozen copies (EMA targets): parameters become constants
     */
    Bound bind(Graph g, String prefix, boolean trainable);

    /**
     * The identity of width {@code width}: no parameters, output = input — e.g. the "encoder" of a model that
     * predicts in pixel space, so that a pixel predictor is the same JEPA with a different part.
     */
    static Module identity(long width) {
        WorkbenchException.require(width > 0, "Module.identity: width must be > 0, got " + width);
        return new IdentityModule(width);
    }

    /**
     * This module, then {@code next} on its output: e.g. a ConvNet's features through an MLP with batch norm.
     * The parameters of the two parts live under {@code prefix + "/0/..."} and {@code prefix + "/1/..."}.
     *
     * <pre>{@code
     * Module enc = ConvNet.of(2, 28, 28, 128).filters(16, 32).then(Mlp.of(128, 128, 16).norm(Norm.BATCH));
     * }</pre>
     */
    default Module then(Module next) {
        WorkbenchException.require(next != null, "Module.then: the next module is null");
        WorkbenchException.require(next.inputWidth() == outputWidth(), "Module.then: " + this + " outputs " + outputWidth()
                + " values but " + next + " takes " + next.inputWidth());
        Module first = this;
        return new Module() {
            @Override
            public long inputWidth() {
                return first.inputWidth();
            }

            @Override
            public long outputWidth() {
                return next.outputWidth();
            }

            @Override
            public Bound bind(Graph g, String prefix, boolean trainable) {
                Bound a = first.bind(g, prefix + "/0", trainable), b = next.bind(g, prefix + "/1", trainable);
                return (x, training) -> b.apply(a.apply(x, training), training);
            }

            @Override
            public String toString() {
                return first + " then " + next;
            }
        };
    }

    /** A module whose parameters exist in a graph. */
    interface Bound {
        /**
         * Applies the module.
         *
         * @param x        input [B, inputWidth]
         * @param training true: batch norm uses batch statistics; false: running statistics
         * @return output [B, outputWidth]
         */
        SDVariable apply(SDVariable x, boolean training);
    }
}
