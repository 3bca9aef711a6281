package org.jepa.workbench.model;

/** {@link Module#identity}: output = input, no parameters. */
record IdentityModule(long width) implements Module {
    @Override
    public long inputWidth() {
        return width;
    }

    @Override
    public long outputWidth() {
        return width;
    }

    @Override
    public Bound bind(Graph g, String prefix, boolean trainable) {
        return (x, training) -> x;
    }

    @Override
    public String toString() {
        return "identity(" + width + ")";
    }
}
