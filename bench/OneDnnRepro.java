import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.GradientCollector;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.LoggerFactory;

/**
 * The smallest reproduction of issue 10 (docs/training.md#nan): one layer of the compact network (3×3 conv, batch norm,
 * ReLU, 2×2 max pool, AdamW), one batch of fixed seeded input, each operation run again and again with the same inputs
 * and its results checked after every run: non-finite, or not bit-identical to the first run's. Single-threaded, so
 * every operation is deterministic and any difference is a fault.
 *
 * <p>oneDNN reads its instruction-set cap once, from the environment, so bench/onednn-repro.sh runs this program in one
 * child JVM per setting (ONEDNN_MAX_CPU_ISA=AVX2, AVX512_CORE, ...). It loads libtorch directly through DJL, without
 * Inkwell's TorchRuntime, so Inkwell's own AVX2 cap is not applied.
 *
 * <pre>
 *   java -cp "inkwell-app/target/lib/*" bench/OneDnnRepro.java [--layers 1-8@28,8-16@28,16-16@14,16-24@7]
 *        [--batch 128] [--iters 300] [--mode isolated|step] [--poison] [--perturb] [--no-malloc-tuning] [--seed 1]
 * </pre>
 *
 * <ul>
 *   <li>{@code --layers}: conv layers as in-out@size (the compact network's are 1-8@28, 8-16@28, 16-16@14, 16-16@14,
 *       16-24@7).
 *   <li>{@code --mode isolated}: every operation from fixed reference inputs on its own (forward, then backward with a
 *       fixed seeded upstream gradient), so a wrong result names the operation. {@code step}: the whole layer as a
 *       training step does it (one graph forward, one backward, AdamW on the three parameters).
 *   <li>{@code --poison}: before every operation, dirty the freed heap: allocate and free eight 8 MiB tensors filled with
 *       NaN, as a long training run leaves freed activations behind. Memory that an operation reads before writing then
 *       holds NaN instead of whatever was there.
 *   <li>{@code --perturb}: glibc fills every new heap block with a different huge value in odd and even runs
 *       (mallopt M_PERTURB), so any result that depends on memory read before it is written differs between runs.
 *   <li>malloc is tuned as Inkwell's NativeAllocator does (freed tensors stay in the heap for reuse) unless
 *       {@code --no-malloc-tuning}.
 * </ul>
 */
public final class OneDnnRepro {
    private static final float BN_EPS = 1e-5f;
    private static final float BN_MOMENTUM = 0.9f;
    private static final int M_PERTURB = -6;
    /** Not an operation: the uninitialised tensor that shows --perturb works (it must differ between runs). */
    private static final String CONTROL = "control: torch.empty, must differ";

    /** glibc's allocator tuning, as dev.inkwell.train.NativeAllocator sets it. */
    interface LibC extends Library {
        int mallopt(int param, int value);
    }

    record LayerSpec(int in, int out, int size) {
        static LayerSpec parse(String s) {
            String[] a = s.split("[-@]");
            return new LayerSpec(Integer.parseInt(a[0]), Integer.parseInt(a[1]), Integer.parseInt(a[2]));
        }

        @Override
        public String toString() {
            return in + "-" + out + "@" + size;
        }
    }

    /** What one checked result has done over the runs. */
    static final class Tally {
        byte[] first;
        int runs;
        int nonFinite;
        int differs;
        int firstBad = -1;
        Shape shape;
        final List<byte[]> seen = new ArrayList<>();
        String example;
    }

    private final Map<String, Tally> tallies = new LinkedHashMap<>();
    private final List<String> order = new ArrayList<>();
    private String firstFault;
    private int iteration;
    private boolean poison;
    private LibC perturb;
    private NDManager root;

    public static void main(String[] args) {
        Map<String, String> opt = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--poison") || a.equals("--perturb") || a.equals("--no-malloc-tuning") || a.equals("--dx")) {
                opt.put(a, "true");
            } else {
                opt.put(a, args[++i]);
            }
        }
        List<LayerSpec> layers = Arrays.stream(opt.getOrDefault("--layers", "1-8@28,8-16@28,16-16@14,16-24@7").split(","))
                .map(LayerSpec::parse).toList();
        int batch = Integer.parseInt(opt.getOrDefault("--batch", "128"));
        int iters = Integer.parseInt(opt.getOrDefault("--iters", "300"));
        String mode = opt.getOrDefault("--mode", "isolated");
        long seed = Long.parseLong(opt.getOrDefault("--seed", "1"));
        boolean tuned = !opt.containsKey("--no-malloc-tuning");
        if (LoggerFactory.getLogger("ROOT") instanceof Logger root) root.setLevel(Level.WARN); // DJL's debug lines would bury the table
        LibC c = Native.load("c", LibC.class);
        if (tuned) {
            c.mallopt(-3, 32 << 20); // M_MMAP_THRESHOLD
            c.mallopt(-1, 512 << 20); // M_TRIM_THRESHOLD
            c.mallopt(-2, 64 << 20); // M_TOP_PAD
        }
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("ai.djl.default_engine", "PyTorch");
        System.setProperty("PYTORCH_VERSION", "2.7.1");
        System.setProperty("ai.djl.pytorch.num_threads", "1");
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        Engine engine = Engine.getEngine("PyTorch");
        String isa = firstNonBlank(System.getenv("ONEDNN_MAX_CPU_ISA"), System.getenv("DNNL_MAX_CPU_ISA"), "native");
        System.out.printf("# oneDNN cap %s, PyTorch %s, batch %d, %d runs per operation, mode %s, poison %s, perturb %s, malloc tuning %s%n",
                isa, engine.getVersion(), batch, iters, mode, opt.containsKey("--poison") ? "on" : "off",
                opt.containsKey("--perturb") ? "on" : "off", tuned ? "on" : "off");
        boolean allOk = true;
        for (LayerSpec layer : layers) {
            OneDnnRepro r = new OneDnnRepro();
            r.poison = opt.containsKey("--poison");
            r.perturb = opt.containsKey("--perturb") ? c : null;
            try (NDManager m = NDManager.newBaseManager()) {
                r.root = m;
                engine.setRandomSeed((int) seed);
                r.run(engine, m, layer, batch, iters, mode, opt.containsKey("--dx"));
            }
            allOk &= r.report(isa, layer);
        }
        System.exit(allOk ? 0 : 1);
    }

    private void run(Engine engine, NDManager m, LayerSpec l, int n, int iters, String mode, boolean forceDx) {
        int h = l.size();
        NDArray x = m.randomNormal(new Shape(n, l.in(), h, h));
        NDArray w = m.randomNormal(new Shape(l.out(), l.in(), 3, 3)).mul(Math.sqrt(2.0 / (l.in() * 9)));
        NDArray gamma = m.ones(new Shape(l.out()));
        NDArray beta = m.zeros(new Shape(l.out()));
        NDArray gy = m.randomNormal(new Shape(n, l.out(), h, h)).mul(1e-3);
        NDArray gp = m.randomNormal(new Shape(n, l.out(), h / 2, h / 2)).mul(1e-3);
        // the network's input needs no gradient (no backward-data pass), every later layer's does
        boolean dx = forceDx || l.in() > 1;
        if (poison) {
            System.out.printf("# layer %s: poison check: an uninitialised tensor the size of the conv output is %.0f%% NaN,"
                    + " one the size of the 16-channel-blocked output %.0f%%%n", l, 100 * poisonReach((long) n * l.out() * h * h),
                    100 * poisonReach((long) n * ((l.out() + 15) / 16 * 16) * h * h));
        }
        for (iteration = 1; iteration <= iters; iteration++) {
            // glibc fills every new heap block with the complement of the perturb byte: 0x7f7f7f7f (3.4e38) in odd
            // runs, 0x7e7e7e7e (8.5e37) in even ones, so a result that depends on memory read before it was
            // written differs between runs
            if (perturb != null) perturb.mallopt(M_PERTURB, iteration % 2 == 1 ? 0x80 : 0x81);
            if (mode.equals("step")) step(engine, m, x, w, gamma, beta, gp, dx);
            else isolated(engine, m, x, w, gamma, beta, gy, gp, dx);
        }
    }

    /** Every operation on its own, from the same fixed inputs each run. */
    private void isolated(Engine engine, NDManager root, NDArray x, NDArray w, NDArray gamma, NDArray beta, NDArray gy,
            NDArray gp, boolean dx) {
        try (NDManager m = root.newSubManager()) {
            // the detector's own check: an uninitialised tensor must differ between runs under --perturb
            if (perturb != null) check(CONTROL, m.create(new Shape(x.size())));
            // convolution: forward, backward data (input gradient), backward weights
            NDArray y;
            {
                NDArray xi = x.duplicate();
                NDArray wi = w.duplicate();
                xi.setRequiresGradient(dx);
                wi.setRequiresGradient(true);
                dirty();
                try (GradientCollector c = engine.newGradientCollector()) {
                    y = Conv2d.conv2d(xi, wi, null, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1), 1).head();
                    check("conv.forward", y);
                    NDArray loss = y.mul(gy).sum();
                    dirty();
                    c.backward(loss);
                }
                if (dx) check("conv.backward_data", xi.getGradient());
                check("conv.backward_weights", wi.getGradient());
                y = y.stopGradient();
            }
            NDArray yRef = reference("conv.forward", y, m);
            // inference (validation, evaluation): no gradient recorded
            dirty();
            check("conv.forward_inference", Conv2d.conv2d(x, w, null, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1), 1).head());
            // batch norm (training mode: batch statistics, running statistics updated)
            NDArray z;
            {
                NDArray yi = yRef.duplicate();
                NDArray g = gamma.duplicate();
                NDArray b = beta.duplicate();
                NDArray runningMean = m.zeros(gamma.getShape());
                NDArray runningVar = m.ones(gamma.getShape());
                yi.setRequiresGradient(true);
                g.setRequiresGradient(true);
                b.setRequiresGradient(true);
                dirty();
                try (GradientCollector c = engine.newGradientCollector()) {
                    z = BatchNorm.batchNorm(yi, runningMean, runningVar, g, b, 1, BN_MOMENTUM, BN_EPS, true).head();
                    check("batchnorm.forward", z);
                    NDArray loss = z.mul(gy).sum();
                    dirty();
                    c.backward(loss);
                }
                check("batchnorm.running_stats", runningMean.concat(runningVar));
                check("batchnorm.backward_data", yi.getGradient());
                check("batchnorm.backward_gamma_beta", g.getGradient().concat(b.getGradient()));
                z = z.stopGradient();
            }
            NDArray zRef = reference("batchnorm.forward", z, m);
            dirty();
            check("batchnorm.forward_inference", BatchNorm.batchNorm(yRef, m.zeros(gamma.getShape()).add(0.1f),
                    m.ones(gamma.getShape()).mul(2f), gamma, beta, 1, BN_MOMENTUM, BN_EPS, false).head());
            NDArray r = unary(engine, "relu", zRef, gy, a -> a.getNDArrayInternal().relu());
            unary(engine, "maxpool", r, gp, a -> Pool.maxPool2d(a, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false));
            // AdamW on the conv weights, from the same state and gradient each run
            {
                NDArray wi = w.duplicate();
                NDArray mean = m.zeros(w.getShape());
                NDArray var = m.zeros(w.getShape());
                NDArray grad = reference("conv.backward_weights", null, m);
                dirty();
                wi.getNDArrayInternal().adamUpdate(new NDList(wi, grad, mean, var), new NDList(wi), 0.01f, 0.01f, 1e-4f, 1f, -1f,
                        0.9f, 0.999f, 1e-8f, true, true);
                check("adamw.update", wi);
            }
        }
    }

    private NDArray unary(Engine engine, String name, NDArray input, NDArray upstream, Function<NDArray, NDArray> op) {
        NDManager m = input.getManager();
        NDArray in = input.duplicate();
        in.setRequiresGradient(true);
        NDArray out;
        dirty();
        try (GradientCollector c = engine.newGradientCollector()) {
            out = op.apply(in);
            check(name + ".forward", out);
            NDArray loss = out.mul(upstream).sum();
            dirty();
            c.backward(loss);
        }
        check(name + ".backward", in.getGradient());
        return reference(name + ".forward", out.stopGradient(), m);
    }

    /** The whole layer as one training step does it: one forward graph, one backward, AdamW on w, gamma and beta. */
    private void step(Engine engine, NDManager root, NDArray x, NDArray w, NDArray gamma, NDArray beta, NDArray gp,
            boolean dx) {
        try (NDManager m = root.newSubManager()) {
            if (perturb != null) check(CONTROL, m.create(new Shape(x.size())));
            NDArray xi = x.duplicate();
            NDArray wi = w.duplicate();
            NDArray g = gamma.duplicate();
            NDArray b = beta.duplicate();
            NDArray runningMean = m.zeros(gamma.getShape());
            NDArray runningVar = m.ones(gamma.getShape());
            xi.setRequiresGradient(dx);
            for (NDArray p : List.of(wi, g, b)) p.setRequiresGradient(true);
            dirty();
            try (GradientCollector c = engine.newGradientCollector()) {
                NDArray y = Conv2d.conv2d(xi, wi, null, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1), 1).head();
                check("conv.forward", y);
                NDArray z = BatchNorm.batchNorm(y, runningMean, runningVar, g, b, 1, BN_MOMENTUM, BN_EPS, true).head();
                check("batchnorm.forward", z);
                NDArray r = z.getNDArrayInternal().relu();
                check("relu.forward", r);
                NDArray p = Pool.maxPool2d(r, new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false);
                check("maxpool.forward", p);
                NDArray loss = p.mul(gp).sum();
                dirty();
                c.backward(loss);
            }
            if (dx) check("backward: input gradient", xi.getGradient());
            check("backward: conv weight gradient", wi.getGradient());
            check("backward: batchnorm gamma/beta gradients", g.getGradient().concat(b.getGradient()));
            for (NDArray p : List.of(wi, g, b)) {
                NDArray mean = m.zeros(p.getShape());
                NDArray var = m.zeros(p.getShape());
                NDArray grad = p.getGradient().duplicate();
                dirty();
                p.getNDArrayInternal().adamUpdate(new NDList(p, grad, mean, var), new NDList(p), 0.01f, 0.01f,
                        p.getShape().dimension() > 1 ? 1e-4f : 0f, 1f, -1f, 0.9f, 0.999f, 1e-8f, true, true);
            }
            check("adamw.update", wi.reshape(-1).concat(g).concat(b));
        }
    }

    /**
     * Whether the poison reaches fresh tensors: the share of NaN in an uninitialised tensor (torch.empty) of
     * {@code floats} values made right after {@link #dirty()}.
     */
    private double poisonReach(long floats) {
        try (NDManager m = root.newSubManager()) {
            dirty();
            NDArray empty = m.create(new Shape(floats));
            return empty.isNaN().toType(DataType.FLOAT32, false).mean().getFloat();
        }
    }

    /** Dirties the freed heap with NaN so that memory read before it is written shows up (--poison). */
    private void dirty() {
        if (!poison) return;
        try (NDManager m = root.newSubManager()) {
            for (int i = 0; i < 8; i++) m.full(new Shape(2 << 20), Float.NaN);
        }
    }

    /** The first run's result of {@code name} as a fresh array (the fixed input of the next operation). */
    private NDArray reference(String name, NDArray current, NDManager m) {
        Tally t = tallies.get(name);
        return m.create(ByteBuffer.wrap(t.first).order(ByteOrder.nativeOrder()).asFloatBuffer(),
                current != null ? current.getShape() : t.shape);
    }

    private void check(String name, NDArray a) {
        byte[] bytes = a.toType(DataType.FLOAT32, false).toByteArray();
        Tally t = tallies.computeIfAbsent(name, k -> {
            order.add(k);
            Tally n = new Tally();
            n.first = bytes;
            n.shape = a.getShape();
            return n;
        });
        t.runs++;
        boolean finite = true;
        FloatBuffer f = ByteBuffer.wrap(bytes).order(ByteOrder.nativeOrder()).asFloatBuffer();
        int bad = 0;
        for (int i = 0; i < f.capacity(); i++) {
            if (!Float.isFinite(f.get(i))) bad++;
        }
        finite = bad == 0;
        boolean same = Arrays.equals(bytes, t.first);
        if (!finite) t.nonFinite++;
        if (!same) t.differs++;
        if ((!finite || !same) && !name.equals(CONTROL)) {
            if (t.firstBad < 0) {
                t.firstBad = iteration;
                t.example = (finite ? "" : bad + " non-finite values; ") + describeDiff(t.first, bytes);
            }
            if (firstFault == null) firstFault = name + " at run " + iteration;
        }
        int index = -1;
        for (int i = 0; i < t.seen.size(); i++) {
            if (Arrays.equals(t.seen.get(i), bytes)) index = i;
        }
        if (index < 0 && t.seen.size() < 16) t.seen.add(bytes);
    }

    private static String describeDiff(byte[] a, byte[] b) {
        FloatBuffer x = ByteBuffer.wrap(a).order(ByteOrder.nativeOrder()).asFloatBuffer();
        FloatBuffer y = ByteBuffer.wrap(b).order(ByteOrder.nativeOrder()).asFloatBuffer();
        int n = 0;
        int first = -1;
        double max = 0;
        for (int i = 0; i < x.capacity(); i++) {
            if (Float.floatToRawIntBits(x.get(i)) != Float.floatToRawIntBits(y.get(i))) {
                n++;
                if (first < 0) first = i;
                max = Math.max(max, Math.abs((double) x.get(i) - y.get(i)));
            }
        }
        return n == 0 ? "" : n + " of " + x.capacity() + " values differ from run 1 (first at flat index " + first + ": "
                + x.get(first) + " -> " + y.get(first) + "; max |diff| " + (float) max + ")";
    }

    private boolean report(String isa, LayerSpec layer) {
        System.out.printf("layer %s, oneDNN cap %s:%n", layer, isa);
        System.out.printf("  %-40s %6s %11s %8s %10s%n", "operation", "runs", "non-finite", "differs", "distinct");
        boolean ok = true;
        for (String name : order) {
            Tally t = tallies.get(name);
            System.out.printf("  %-40s %6d %11d %8d %10d%n", name, t.runs, t.nonFinite, t.differs, t.seen.size());
            if (t.firstBad > 0) {
                System.out.printf("    first at run %d: %s%n", t.firstBad, t.example);
                ok = false;
            }
        }
        System.out.printf("RESULT layer %s cap %s: %s%n", layer, isa, firstFault == null ? "stable (every run finite and"
                + " bit-identical to run 1)" : "FAULT, first: " + firstFault);
        return ok;
    }

    private static String firstNonBlank(String... s) {
        for (String v : s) {
            if (v != null && !v.isBlank()) return v;
        }
        return null;
    }
}
