package org.jepa.workbench.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.jepa.workbench.WorkbenchException;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The batch sources' one-op row gather against ND4J's row-by-row {@code getRows}, element by element. */
class SourcesTest {

    private static final int[] IDX = {7, 0, 3, 3, 11, 2};

    private static void assertSameRows(INDArray x) {
        INDArray got = Sources.rows(x, IDX, "test");
        assertEquals(x.dataType(), got.dataType());
        assertEquals(IDX.length, got.rows());
        assertEquals(x.columns(), got.columns());
        for (int i = 0; i < IDX.length; i++) {
            for (int j = 0; j < x.columns(); j++) {
                assertEquals(x.getDouble(IDX[i], j), got.getDouble(i, j), 0.0, "row " + i + ", column " + j);
            }
        }
        assertEquals(x.getRows(IDX), got);
    }

    @Test
    void gatherMatchesGetRowsInEveryLayout() {
        INDArray c = Nd4j.rand(DataType.FLOAT, 12, 5).muli(10);
        assertSameRows(c);
        assertSameRows(c.dup('f'));
        assertSameRows(Nd4j.rand(DataType.DOUBLE, 12, 5));
        // A column slice: a strided view whose rows do not start at multiples of its width.
        INDArray wide = Nd4j.rand(DataType.FLOAT, 12, 9);
        assertSameRows(wide.get(NDArrayIndex.all(), NDArrayIndex.interval(2, 7)));
        // an empty selection stays an empty [0, F] matrix, as getRows gives it
        assertArrayEquals(new long[] {0, 5}, Sources.rows(c, new int[0], "test").shape());
    }

    @Test
    void viewPairsStackTheGatheredRows() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 12, 4);
        Batch b = ViewPairs.identical(x).batch(IDX, new Random(1));
        assertEquals(x.getRows(IDX), b.observations().get(NDArrayIndex.all(), NDArrayIndex.point(0), NDArrayIndex.all()));
        assertEquals(x.getRows(IDX), b.observations().get(NDArrayIndex.all(), NDArrayIndex.point(1), NDArrayIndex.all()));
    }

    /** The batch's views stacked along axis 1: Nd4j.stack's values and shape, bit for bit, in every layout. */
    @Test
    void stackGivesNd4jsStackBitForBit() {
        INDArray a = Nd4j.rand(DataType.FLOAT, 6, 5).subi(0.5), b = Nd4j.rand(DataType.FLOAT, 6, 5), c = a.mul(-3);
        for (INDArray[] views : List.of(new INDArray[] {a, b}, new INDArray[] {a, b, c}, new INDArray[] {b, a.dup('f')},
                new INDArray[] {Nd4j.rand(DataType.DOUBLE, 6, 5), Nd4j.rand(DataType.DOUBLE, 6, 5)},
                new INDArray[] {Nd4j.rand(DataType.FLOAT, 8, 5).get(NDArrayIndex.interval(2, 8), NDArrayIndex.all()), b})) {
            INDArray expected = Nd4j.stack(1, views), got = Sources.stack(views);
            assertArrayEquals(expected.shape(), got.shape());
            assertEquals(expected.dataType(), got.dataType());
            assertArrayEquals(expected.dup('c').data().asDouble(), got.dup('c').data().asDouble(), 0.0);
        }
    }

    @Test
    void indexOutsideTheDataIsOneClearError() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 3);
        WorkbenchException e = assertThrows(WorkbenchException.class, () -> Sources.rows(x, new int[] {0, 4}, "ViewPairs"));
        assertTrue(e.getMessage().contains("row index 4 is outside [0, 4)"), e.getMessage());
        e = assertThrows(WorkbenchException.class, () -> ViewPairs.identical(x).batch(new int[] {-1}, new Random(1)));
        assertTrue(e.getMessage().contains("row index -1"), e.getMessage());
    }
}
