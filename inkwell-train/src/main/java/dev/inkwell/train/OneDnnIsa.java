package dev.inkwell.train;

import dev.inkwell.core.InkwellException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which instruction set oneDNN, the library behind PyTorch's CPU convolutions, may use for training. Decided once,
 * before libtorch loads: oneDNN reads its cap from the process environment the first time it runs a primitive.
 *
 * <p>On AMD CPUs with AVX-512 (Zen 4 and later) training caps it at AVX2. On such a machine oneDNN's AVX-512
 * convolutions turned a compact-network training run into NaN in 8 of 14 runs of the same seeded command (and in 4
 * of 5 with the cap at AVX512_CORE), never with the cap at AVX2 (0 of 9); the compact network's 8- and 24-channel
 * layers are padded to 16-lane blocks only on the AVX-512 path. On AMD the AVX2 kernels cost nothing measurable
 * (docs/training.md#nan). {@code INKWELL_ONEDNN_ISA=native} lifts the cap; {@code ONEDNN_MAX_CPU_ISA} or
 * {@code DNNL_MAX_CPU_ISA}, when the user sets them, always win.
 */
final class OneDnnIsa {
    private static final Logger LOG = LoggerFactory.getLogger(OneDnnIsa.class);
    static final String ENV = "INKWELL_ONEDNN_ISA";
    static final String NATIVE = "native";
    static final String AMD_AVX512_CAP = "AVX2";
    /** oneDNN 3's names for its instruction-set caps (ONEDNN_MAX_CPU_ISA). */
    static final List<String> NAMES = List.of("SSE41", "AVX", "AVX2", "AVX2_VNNI", "AVX2_VNNI_2", "AVX512_CORE",
            "AVX512_CORE_VNNI", "AVX512_CORE_BF16", "AVX10_1_512", "AVX512_CORE_FP16", "AVX10_1_512_AMX",
            "AVX512_CORE_AMX", "AVX10_1_512_AMX_FP16", "AVX512_CORE_AMX_FP16", "ALL");
    private static final List<String> ONEDNN_VARIABLES = List.of("ONEDNN_MAX_CPU_ISA", "DNNL_MAX_CPU_ISA");

    private OneDnnIsa() {
    }

    /**
     * The cap in force and why.
     *
     * @param isa      the cap's oneDNN name; null when oneDNN picks the best its CPU has
     * @param setHere  whether Inkwell has to set it (false when the user's environment already does)
     */
    record Decision(String isa, String reason, boolean setHere) {
        /** For model cards: the cap, or {@code native}. */
        String describe() {
            return isa == null ? NATIVE : isa;
        }
    }

    static Decision decide(Map<String, String> env, CpuInfo cpu) {
        for (String name : ONEDNN_VARIABLES) {
            String value = env.get(name);
            if (value != null && !value.isBlank()) return new Decision(value.strip().toUpperCase(Locale.ROOT), "set by " + name, false);
        }
        String chosen = env.get(ENV);
        if (chosen != null && !chosen.isBlank()) {
            String v = chosen.strip().toUpperCase(Locale.ROOT);
            if (v.equalsIgnoreCase(NATIVE)) return new Decision(null, ENV + "=native", false);
            if (!NAMES.contains(v)) {
                throw new InkwellException(ENV + "=" + chosen.strip() + ": expected native or one of oneDNN's instruction sets "
                        + String.join(", ", NAMES));
            }
            return new Decision(v, "set by " + ENV, true);
        }
        if (cpu.isAmd() && cpu.hasAvx512()) {
            return new Decision(AMD_AVX512_CAP, "AMD CPU with AVX-512: oneDNN's AVX-512 convolutions produced NaN intermittently"
                    + " on such CPUs (" + ENV + "=native lifts the cap)", true);
        }
        return new Decision(null, "oneDNN's own choice for this CPU", false);
    }

    /** Decides and, where Inkwell must, sets {@code ONEDNN_MAX_CPU_ISA} in the process environment. Call before libtorch loads. */
    static Decision apply() {
        Decision d = decide(System.getenv(), CpuInfo.read());
        if (d.setHere()) {
            LibC c = LibC.load();
            if (c == null || c.setenv("ONEDNN_MAX_CPU_ISA", d.isa(), 1) != 0) {
                LOG.warn("cannot cap oneDNN at {} ({}): set ONEDNN_MAX_CPU_ISA={} yourself", d.isa(), d.reason(), d.isa());
                return new Decision(null, "cap could not be set", false);
            }
        }
        LOG.debug("oneDNN instruction set for training: {} ({})", d.describe(), d.reason());
        return d;
    }
}
