package org.jepa.workbench.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.jepa.workbench.WorkbenchException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

class DatasetsTest {

    @TempDir
    Path tmp;

    private static int[] classCounts(LabeledData d) {
        int[] c = new int[d.numClasses()];
        for (int l : d.labels()) c[l]++;
        return c;
    }

    @Test
    void shippedChecksumsMatchSha256SumsFileAndFiles() throws IOException {
        Path root = Datasets.root();
        Map<String, String> sums = new HashMap<>();
        for (String line : Files.readAllLines(root.resolve(Datasets.CHECKSUM_FILE))) {
            String[] p = line.trim().split("\\s+");
            sums.put(p[1], p[0]);
        }
        assertEquals(Datasets.SHA256, sums, "Java constants and datasets/SHA256SUMS must agree");
        for (var e : Datasets.SHA256.entrySet()) {
            assertEquals(e.getValue(), Datasets.sha256(Files.readAllBytes(root.resolve(e.getKey()))), e.getKey());
        }
    }

    @Test
    void mnistShapesLabelsAndClassCounts() {
        LabeledData m = Datasets.mnist();
        assertEquals("mnist", m.name());
        assertEquals(10_000, m.size());
        assertEquals(784, m.dim());
        assertEquals(1, m.channels());
        assertEquals(28, m.height());
        assertEquals(28, m.width());
        assertEquals(10, m.numClasses());
        assertArrayEquals(new int[] {1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978}, classCounts(m));
        // Round-robin interleaving: first 10 labels are 0..9.
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, Arrays.copyOf(m.labels(), 10));
        assertEquals(0.0, m.features().minNumber().doubleValue());
        assertEquals(1.0, m.features().maxNumber().doubleValue(), 1e-7);
        // Every value is a multiple of 1/255.
        float[] f = FloatBatch.toFloats(m.features());
        for (int i = 0; i < f.length; i += 997) {
            assertEquals(Math.round(f[i] * 255), f[i] * 255, 1e-3, "pixel " + i);
        }
    }

    @Test
    void digitsShapesLabelsAndClassCounts() {
        LabeledData d = Datasets.digits();
        assertEquals(1797, d.size());
        assertEquals(64, d.dim());
        assertEquals(8, d.height());
        assertArrayEquals(new int[] {178, 182, 177, 183, 181, 182, 181, 179, 174, 180}, classCounts(d));
        // sklearn's first row (a zero): 0,0,5,13,9,1,0,0 / 16.
        assertEquals(0, d.labels()[0]);
        assertEquals(5f / 16, d.features().getFloat(0, 2), 1e-7);
        assertEquals(13f / 16, d.features().getFloat(0, 3), 1e-7);
        assertEquals(1.0, d.features().maxNumber().doubleValue(), 1e-7);
    }

    @Test
    void eachCallReturnsAFreshMatrix() {
        LabeledData a = Datasets.digits();
        a.features().muli(0);
        LabeledData b = Datasets.digits();
        assertNotSame(a.features(), b.features());
        assertEquals(1.0, b.features().maxNumber().doubleValue(), 1e-7, "cache must not share the matrix");
    }

    private Path copyShipped(String... files) throws IOException {
        for (String f : files) Files.copy(Datasets.root().resolve(f), tmp.resolve(f));
        return tmp;
    }

    @Test
    void loadsFromExplicitDirectory() throws IOException {
        LabeledData d = Datasets.digits(copyShipped(Datasets.DIGITS_IMAGES, Datasets.DIGITS_LABELS));
        assertEquals(1797, d.size());
    }

    @Test
    void tamperedFileFailsNamingFileAndChecksums() throws IOException {
        Path dir = copyShipped(Datasets.MNIST_IMAGES, Datasets.MNIST_LABELS);
        Path f = dir.resolve(Datasets.MNIST_IMAGES);
        byte[] b = Files.readAllBytes(f);
        b[b.length / 2] ^= 0x01;
        Files.write(f, b);
        WorkbenchException e = assertThrows(WorkbenchException.class, () -> Datasets.mnist(dir));
        String msg = e.getMessage();
        assertTrue(msg.contains(Datasets.MNIST_IMAGES), msg);
        assertTrue(msg.contains(Datasets.SHA256.get(Datasets.MNIST_IMAGES)), msg);
        assertTrue(msg.contains(Datasets.sha256(b)), "actual checksum in message: " + msg);
    }

    @Test
    void truncatedFileFails() throws IOException {
        Path dir = copyShipped(Datasets.DIGITS_IMAGES, Datasets.DIGITS_LABELS);
        Path f = dir.resolve(Datasets.DIGITS_LABELS);
        byte[] b = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(b, b.length - 10));
        WorkbenchException e = assertThrows(WorkbenchException.class, () -> Datasets.digits(dir));
        assertTrue(e.getMessage().contains(Datasets.DIGITS_LABELS), e.getMessage());
        assertTrue(e.getMessage().contains(Datasets.SHA256.get(Datasets.DIGITS_LABELS)), e.getMessage());
    }

    @Test
    void missingFileFails() throws IOException {
        Path dir = copyShipped(Datasets.DIGITS_IMAGES);
        WorkbenchException e = assertThrows(WorkbenchException.class, () -> Datasets.digits(dir));
        String msg = e.getMessage();
        assertTrue(msg.contains(Datasets.DIGITS_LABELS) && msg.contains("missing"), msg);
        assertTrue(msg.contains(Datasets.SHA256.get(Datasets.DIGITS_LABELS)), msg);
    }

    private static byte[] idx(int magic, int[] dims, int payload) {
        ByteBuffer bb = ByteBuffer.allocate(4 + 4 * dims.length + payload);
        bb.putInt(magic);
        for (int d : dims) bb.putInt(d);
        return bb.array();
    }

    @Test
    void idxHeaderValidation() {
        assertEquals(6, Idx.parse(idx(0x801, new int[] {6}, 6), 1, "ok").data().length);
        WorkbenchException magic = assertThrows(WorkbenchException.class,
                () -> Idx.parse(idx(0x803, new int[] {6}, 6), 1, "f.idx"));
        assertTrue(magic.getMessage().contains("magic") && magic.getMessage().contains("f.idx"), magic.getMessage());
        WorkbenchException shortData = assertThrows(WorkbenchException.class,
                () -> Idx.parse(idx(0x803, new int[] {2, 3, 3}, 17), 3, "g.idx"));
        assertTrue(shortData.getMessage().contains("18") && shortData.getMessage().contains("17"),
                shortData.getMessage());
        assertThrows(WorkbenchException.class, () -> Idx.parse(idx(0x803, new int[] {2, 3, 3}, 19), 3, "x"));
        assertThrows(WorkbenchException.class, () -> Idx.parse(idx(0x803, new int[] {-1, 3, 3}, 0), 3, "x"));
        assertThrows(WorkbenchException.class, () -> Idx.parse(new byte[3], 1, "x"));
    }

    @Test
    void notGzipFailsClearly() throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bo)) {
            gz.write(new byte[] {1, 2, 3});
        }
        byte[] truncated = Arrays.copyOf(bo.toByteArray(), 8);
        WorkbenchException e = assertThrows(WorkbenchException.class,
                () -> Datasets.gunzip(truncated, tmp.resolve("z.gz")));
        assertTrue(e.getMessage().contains("z.gz"), e.getMessage());
    }

    @Test
    void rootLookupOrderAndFailure() throws IOException {
        Path repo = Datasets.root().getParent();
        Path nowhere = tmp.resolve("a/b");
        Files.createDirectories(nowhere);
        // property wins, then env, then the upward walk from cwd
        assertEquals(repo.resolve("datasets"), Datasets.root(repo.toString(), null, nowhere));
        assertEquals(repo.resolve("datasets"), Datasets.root(tmp.toString(), repo.toString(), nowhere));
        assertEquals(repo.resolve("datasets"), Datasets.root(null, null, repo.resolve("workbench-lib/src")));
        WorkbenchException e = assertThrows(WorkbenchException.class,
                () -> Datasets.root(tmp.toString(), null, nowhere));
        assertTrue(e.getMessage().contains("workbench.root") && e.getMessage().contains(nowhere.toString()),
                e.getMessage());
    }

    @Test
    void splitIsDeterministicStratifiedAndDisjoint() {
        LabeledData m = Datasets.digits();
        Split a = m.split(0.2, 7);
        Split b = Datasets.split(m, 0.2, 7);
        Split c = m.split(0.2, 8);
        assertArrayEquals(a.trainIndex(), b.trainIndex());
        assertArrayEquals(a.testIndex(), b.testIndex());
        assertEquals(a.train().features(), b.train().features());
        assertFalse(Arrays.equals(a.testIndex(), c.testIndex()), "different seed, different split");
        Set<Integer> seen = new HashSet<>();
        for (int i : a.trainIndex()) assertTrue(seen.add(i));
        for (int i : a.testIndex()) assertTrue(seen.add(i), "row " + i + " in both parts");
        assertEquals(m.size(), seen.size(), "every row used once");
        assertEquals(a.train().size() + a.test().size(), m.size());
        int[] all = classCounts(m), test = classCounts(a.test());
        for (int k = 0; k < 10; k++) assertEquals(Math.round(all[k] * 0.2), test[k], "class " + k);
        // Rows really are the source rows and labels follow them.
        for (int i = 0; i < 20; i++) {
            int src = a.testIndex()[i];
            assertEquals(m.labels()[src], a.test().labels()[i]);
            assertEquals(m.features().getRow(src), a.test().features().getRow(i));
        }
        assertThrows(WorkbenchException.class, () -> m.split(0.0, 1));
        assertThrows(WorkbenchException.class, () -> m.split(1.0, 1));
        assertThrows(WorkbenchException.class, () -> m.split(Double.NaN, 1));
    }

    @Test
    void summaryTableCountsAndPixelStats() {
        LabeledData d = Datasets.digits();
        Table t = d.summary();
        assertEquals(11, t.rowCount());
        assertEquals("all", t.stringColumn("class").get(10));
        assertEquals(1797, t.intColumn("count").get(10));
        assertEquals(178, t.intColumn("count").get(0));
        double mean = d.features().meanNumber().doubleValue();
        double std = d.features().stdNumber().doubleValue(); // ND4J: sample std (n-1)
        long n = d.features().length();
        assertEquals(mean, t.doubleColumn("pixel_mean").get(10), 1e-6);
        assertEquals(std * Math.sqrt((n - 1.0) / n), t.doubleColumn("pixel_std").get(10), 1e-5);
        assertEquals(0.0, t.doubleColumn("pixel_min").get(10));
        assertEquals(1.0, t.doubleColumn("pixel_max").get(10), 1e-7);
        System.out.println(t.print());
    }
}
