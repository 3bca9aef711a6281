package org.jepa.workbench.model;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/** Non-linearities for {@link Mlp} and {@link ConvNet}. */
public enum Activation {
    RELU, GELU, TANH;

    /** This activation of {@code x}; {@code training}: the graph will be differentiated (see {@link #relu}). */
    SDVariable apply(SameDiff sd, SDVariable x, boolean training) {
        return switch (this) {
            case RELU -> relu(sd, x, training);
            case GELU -> sd.nn().gelu(x);
            case TANH -> sd.math().tanh(x);
        };
    }

    /**
     * ReLU. In a graph that will be differentiated it is written x · step(x): the same values, bit for bit, and its
     * gradient g · step(x) is a vectorised multiply, where M2.1's own ReLU gradient ({@code thresholdedrelu_bp})
     * calls a function per element — 1.5 ms against about 0.3 ms for the multiply, step's zero gradient and its add on
     * [256, 1024] floats (bench/README, "ReLU as a mask and column sums as products"). Forward-only graphs (planners,
     * inference) keep the one op.
     */
    static SDVariable relu(SameDiff sd, SDVariable x, boolean training) {
        return training ? x.mul(sd.math().step(x, 0.0)) : sd.nn().relu(x, 0.0);
    }
}
