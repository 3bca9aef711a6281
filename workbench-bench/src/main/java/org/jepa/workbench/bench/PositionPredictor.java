package org.jepa.workbench.bench;

import org.jepa.workbench.data.Sequences;
import org.jepa.workbench.jepa.Jepa;
import org.jepa.workbench.model.Mlp;
import org.jepa.workbench.model.Module;
import org.jepa.workbench.model.Predictor;
import org.jepa.workbench.objective.EmbeddingPrediction;
import org.jepa.workbench.train.Trainer;
import org.jepa.workbench.world.Trajectories;
import org.jepa.workbench.world.TwoRooms;
import org.jepa.workbench.world.TwoRoomsModel;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Can the world model's predictor learn the walls at all, given the true state? The residual MLP of
 * {@link TwoRoomsModel} trained on positions (pixels − 14, times {@code scale}) instead of latents — an identity
 * encoder, the same trainer and unroll — and judged by its one-step error on held-out moves, free and wall-stopped,
 * beside the wall-blind error (the free move where a wall stopped the agent). Errors are root-mean-square, where
 * {@link org.jepa.workbench.world.TransitionErrors} averages distances: compare each with its own wall-blind value.
 *
 * <pre>
 * ./workbench run org.jepa.workbench.bench.PositionPredictor [trajectories 60000] [epochs 10] [wall rate 0.3] [width 256] [lr 1e-3] [scale 1] [plain|gated|affine|fourier:F:sigma]
 * </pre>
 */
public final class PositionPredictor {
    public static void main(String[] args) {
        int nTraj = Integer.parseInt(args.length > 0 ? args[0] : "60000");
        int epochs = Integer.parseInt(args.length > 1 ? args[1] : "10");
        double wallRate = Double.parseDouble(args.length > 2 ? args[2] : "0.3");
        int width = Integer.parseInt(args.length > 3 ? args[3] : "256");
        double lr = Double.parseDouble(args.length > 4 ? args[4] : "1e-3");
        double scale = Double.parseDouble(args.length > 5 ? args[5] : "1");
        TwoRooms env = TwoRooms.fixed(28);
        Trajectories tr = Trajectories.of(env, nTraj, 5, 7).wallRate(wallRate);
        INDArray pos = Nd4j.create(DataType.FLOAT, nTraj, 5, 2), act = Nd4j.create(DataType.FLOAT, nTraj, 4, 2);
        for (int i = 0; i < nTraj; i++) {
            Trajectories.Trajectory t = tr.get(i);
            for (int s = 0; s < 5; s++) for (int d = 0; d < 2; d++) pos.putScalar(new long[] {i, s, d}, (t.positions()[s][d] - 14) * scale);
            for (int s = 0; s < 4; s++) for (int d = 0; d < 2; d++) act.putScalar(new long[] {i, s, d}, t.actions()[s][d]);
        }
        long t0 = System.nanoTime();
        String kind = args.length > 6 ? args[6] : "plain";
        Jepa pred;
        if (kind.startsWith("fourier:")) {      // fourier:F:sigma — F random frequencies of N(0, sigma²) per unit of input
            String[] f = kind.split(":");
            int features = Integer.parseInt(f[1]);
            Module m = new FourierFeatures(4, 2, features, Double.parseDouble(f[2]), Mlp.of(4 + 2L * features, width, width, 2));
            pred = Jepa.builder().name("position predictor, Fourier features").encoder(Module.identity(2))
                    .predictor(Predictor.residual(m, 2)).cost(EmbeddingPrediction.defaults().weight(16))
                    .rolloutSteps(2).framesTogether(true).frozenEncoder(true).seed(1).build();
        } else if (kind.equals("affine")) {       // control-affine: x' = x + f(x) + G(x) a
            pred = Jepa.builder().name("position predictor, control-affine").encoder(Module.identity(2))
                    .predictor(Predictor.controlAffine(Mlp.of(2, width, width, 2 * 3), 2)).cost(EmbeddingPrediction.defaults().weight(16))
                    .rolloutSteps(2).framesTogether(true).frozenEncoder(true).seed(1).build();
        } else pred = TwoRoomsModel.of(env).latentWidth(2).predictorWidth(width)
                .gatedPredictor(kind.equals("gated")).onLatents();   // the recipe's predictor, over (x, y)
        Trainer.builder().epochs(epochs).batchSize(256).lr(lr).seed(2).build().fit(pred, Sequences.of(pos, act));
        System.out.printf("trained in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        // held-out one-step errors, free vs stopped
        Trajectories test = Trajectories.of(env, 2000, 5, 99);
        int m = 2000 * 4;
        INDArray starts = Nd4j.create(DataType.FLOAT, m, 2), acts = Nd4j.create(DataType.FLOAT, m, 1, 2);
        for (int i = 0; i < 2000; i++) {
            Trajectories.Trajectory t = test.get(i);
            for (int s = 0; s < 4; s++) {
                double[] p = t.positions()[s], a = t.actions()[s];
                starts.putScalar(new long[] {i * 4 + s, 0}, (p[0] - 14) * scale);
                starts.putScalar(new long[] {i * 4 + s, 1}, (p[1] - 14) * scale);
                acts.putScalar(new long[] {i * 4 + s, 0, 0}, a[0]);
                acts.putScalar(new long[] {i * 4 + s, 0, 1}, a[1]);
            }
        }
        INDArray out = pred.rollout(starts, acts).reshape(m, 2);
        double free = 0, stop = 0, blind = 0; int nf = 0, ns = 0;
        double[] wallErr = new double[2], wallBlind = new double[2];
        int[] wallN = new int[2];
        for (int i = 0; i < 2000; i++) {
            Trajectories.Trajectory t = test.get(i);
            for (int s = 0; s < 4; s++) {
                double[] p = t.positions()[s], q = t.positions()[s + 1], a = t.actions()[s];
                double px = out.getDouble(i * 4 + s, 0) / scale + 14, py = out.getDouble(i * 4 + s, 1) / scale + 14;
                double err = Math.hypot(px - q[0], py - q[1]);
                double n = Math.hypot(a[0], a[1]), c = n > env.maxAction() ? env.maxAction() / n : 1;
                double bx = p[0] + a[0] * c * env.moveScale(), by = p[1] + a[1] * c * env.moveScale();
                double b = Math.hypot(bx - q[0], by - q[1]);
                if (b > 1e-6) {
                    stop += err * err; blind += b * b; ns++;
                    // which wall: the unclipped move leaves the box (border) or stays inside it (the inner wall)
                    double lo = t.layout().lo(), hi = t.layout().hi();
                    int w = bx < lo || bx > hi || by < lo || by > hi ? 0 : 1;
                    wallErr[w] += err * err; wallBlind[w] += b * b; wallN[w]++;
                } else { free += err * err; nf++; }
            }
        }
        System.out.printf("free %d rmse %.3f px, stopped %d rmse %.3f px (blind %.3f)%n", nf, Math.sqrt(free / nf), ns, Math.sqrt(stop / ns), Math.sqrt(blind / ns));
        System.out.printf("stopped by the border %d rmse %.3f px (blind %.3f), by the inner wall %d rmse %.3f px (blind %.3f)%n",
                wallN[0], Math.sqrt(wallErr[0] / Math.max(1, wallN[0])), Math.sqrt(wallBlind[0] / Math.max(1, wallN[0])),
                wallN[1], Math.sqrt(wallErr[1] / Math.max(1, wallN[1])), Math.sqrt(wallBlind[1] / Math.max(1, wallN[1])));
    }
}
