package org.jepa.workbench.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jepa.workbench.energy.ManifoldSeparation;
import org.jepa.workbench.energy.ManifoldSeparation.Method;
import org.jepa.workbench.energy.ManifoldSeparation.Sampler;

/**
 * The dimension-argument table: AUROC of held-out circle points against probes at distance r, for
 * D × {contrastive K negatives, regularized}, one line per cell with its wall time.
 *
 * <pre>  ./workbench run org.jepa.workbench.bench.ManifoldSeparationBench [seeds=1] [dims=2,8,32,64]
 *        [ks=1,4,16,64] [sampler=BOX] [steps=300]</pre>
 * The first cell includes the JVM/ND4J warm-up; a throw-away warm-up cell is run first so the timings are
 * steady-state.
 */
public final class ManifoldSeparationBench {
    private ManifoldSeparationBench() {
    }

    public static void main(String[] args) {
        int[] seeds = {1}, dims = {2, 8, 32, 64}, ks = {1, 4, 16, 64};
        Sampler sampler = Sampler.BOX;
        int steps = ManifoldSeparation.DEFAULT_STEPS;
        for (String a : args) {
            String[] kv = a.split("=", 2);
            switch (kv[0]) {
                case "seeds" -> seeds = ints(kv[1]);
                case "dims" -> dims = ints(kv[1]);
                case "ks" -> ks = ints(kv[1]);
                case "sampler" -> sampler = Sampler.valueOf(kv[1].toUpperCase(Locale.ROOT));
                case "steps" -> steps = Integer.parseInt(kv[1]);
                default -> throw new IllegalArgumentException("unknown argument " + a + " (seeds=, dims=, ks=, sampler=, steps=)");
            }
        }
        // warm-up: graph building and native libraries load once per JVM
        ManifoldSeparation.builder().ambientDim(2).method(Method.CONTRASTIVE).negatives(1).steps(20).build().run();
        ManifoldSeparation.builder().ambientDim(2).method(Method.REGULARIZED).steps(20).build().run();
        System.out.printf(Locale.ROOT, "%-4s %-6s %-12s %4s %5s %7s %9s %9s %8s %7s%n",
                "seed", "D", "method", "K", "train", "auroc", "E_heldout", "E_off", "near2r", "sec");
        List<ManifoldSeparation.Result> all = new ArrayList<>();
        for (int seed : seeds)
            for (int d : dims) {
                List<ManifoldSeparation.Builder> cells = new ArrayList<>();
                for (int k : ks)
                    cells.add(ManifoldSeparation.builder().ambientDim(d).method(Method.CONTRASTIVE).negatives(k).sampler(sampler));
                cells.add(ManifoldSeparation.builder().ambientDim(d).method(Method.REGULARIZED));
                for (ManifoldSeparation.Builder b : cells) {
                    ManifoldSeparation.Result r = b.seed(seed).steps(steps).build().run();
                    all.add(r);
                    System.out.printf(Locale.ROOT, "%-4d %-6d %-12s %4d %5.2f %7.3f %9.4f %9.4f %8.4f %7.2f%n", seed, d,
                            r.method().name().toLowerCase(Locale.ROOT), r.negatives(), r.trainSeconds(), r.auroc(), r.heldOutEnergy(),
                            r.offManifoldEnergy(), r.negativesNearFraction(), r.seconds());
                }
            }
        double total = all.stream().mapToDouble(ManifoldSeparation.Result::seconds).sum();
        System.out.printf(Locale.ROOT, "%d cells, %.1f s, %.2f s per cell (sampler %s, %d steps)%n", all.size(), total,
                total / all.size(), sampler, steps);
    }

    private static int[] ints(String csv) {
        String[] p = csv.split(",");
        int[] r = new int[p.length];
        for (int i = 0; i < p.length; i++) r[i] = Integer.parseInt(p[i].trim());
        return r;
    }
}
