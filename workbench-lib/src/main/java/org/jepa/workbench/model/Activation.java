package org.jepa.workbench.model;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/** Non-linearities for {@link Mlp} and {@link ConvNet}. */
public enum Activation {
    RELU, GELU, TANH;

    SDVariable apply(SameDiff sd, SDVariable x) {
        return switch (this) {
            case RELU -> sd.nn().relu(x, 0.0);
            case GELU -> sd.nn().gelu(x);
            case TANH -> sd.math().tanh(x);
        };
    }
}
