package org.jepa.workbench;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.factory.Nd4j;

/** Run by {@link BackendTest} in a JVM of its own with {@code DNNL_VERBOSE=1}: what it says computes products, then a float and a double product. */
public final class ProductsMain {
    private ProductsMain() {
    }

    public static void main(String[] args) {
        System.out.println("products: " + Backend.current().products());
        for (DataType t : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray x = Nd4j.rand(t, 16, 8), w = Nd4j.rand(t, 8, 4);
            System.out.println("== " + t);
            System.out.flush();
            Nd4j.exec(new Mmul(x, w));
        }
        System.out.println("== end");
    }
}
