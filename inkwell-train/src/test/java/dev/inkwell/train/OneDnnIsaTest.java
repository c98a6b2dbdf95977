package dev.inkwell.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import dev.inkwell.core.InkwellException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OneDnnIsaTest {
    private static final CpuInfo ZEN4 = new CpuInfo("AuthenticAMD", Set.of("avx2", "avx512f", "avx512bw"));
    private static final CpuInfo ZEN3 = new CpuInfo("AuthenticAMD", Set.of("avx2"));
    private static final CpuInfo XEON = new CpuInfo("GenuineIntel", Set.of("avx2", "avx512f", "avx512bw"));

    @Test
    void amdCpusWithAvx512TrainWithAvx2Kernels() {
        OneDnnIsa.Decision d = OneDnnIsa.decide(Map.of(), ZEN4);
        assertThat(d.isa()).isEqualTo("AVX2");
        assertThat(d.setHere()).isTrue();
        assertThat(OneDnnIsa.decide(Map.of(), ZEN3).isa()).isNull();
        assertThat(OneDnnIsa.decide(Map.of(), XEON).isa()).isNull();
        assertThat(OneDnnIsa.decide(Map.of(), CpuInfo.UNKNOWN).describe()).isEqualTo("native");
    }

    @Test
    void theUsersSettingsWin() {
        assertThat(OneDnnIsa.decide(Map.of("ONEDNN_MAX_CPU_ISA", "avx512_core"), ZEN4))
                .isEqualTo(new OneDnnIsa.Decision("AVX512_CORE", "set by ONEDNN_MAX_CPU_ISA", false));
        assertThat(OneDnnIsa.decide(Map.of("DNNL_MAX_CPU_ISA", "AVX2"), XEON).isa()).isEqualTo("AVX2");
        assertThat(OneDnnIsa.decide(Map.of(OneDnnIsa.ENV, "native"), ZEN4).isa()).isNull();
        assertThat(OneDnnIsa.decide(Map.of(OneDnnIsa.ENV, "avx512_core_bf16"), XEON).isa()).isEqualTo("AVX512_CORE_BF16");
        assertThatThrownBy(() -> OneDnnIsa.decide(Map.of(OneDnnIsa.ENV, "avx9000"), ZEN4))
                .isInstanceOf(InkwellException.class).hasMessageContaining("INKWELL_ONEDNN_ISA=avx9000").hasMessageContaining("AVX2");
    }

    @Test
    void readsVendorAndFlagsFromProcCpuinfo() {
        CpuInfo cpu = CpuInfo.parse(List.of("processor\t: 0", "vendor_id\t: AuthenticAMD", "cpu family\t: 25",
                "flags\t\t: fpu sse avx2 avx512f avx512vl", "", "processor\t: 1", "vendor_id\t: GenuineIntel"));
        assertThat(cpu.isAmd()).isTrue();
        assertThat(cpu.hasAvx512()).isTrue();
        assertThat(CpuInfo.parse(List.of("garbage", "flags: sse2")).hasAvx512()).isFalse();
    }

    /** Run in a child JVM: loads the engine the way training does and runs one convolution. */
    public static void main(String[] args) {
        TorchRuntime.engine();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.ones(new Shape(2, 8, 8, 8));
            NDArray w = m.ones(new Shape(24, 8, 3, 3));
            Conv2d.conv2d(x, w, null, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1), 1).head().sum().getFloat();
        }
        System.out.println("decided " + TorchRuntime.oneDnnIsa());
    }

    /** oneDNN itself reports the cap Inkwell set (its verbose mode prints the instruction set it runs with). */
    @Test
    void oneDnnRunsWithTheCapThatWasDecided() throws Exception {
        String out = runChild(Map.of());
        OneDnnIsa.Decision expected = OneDnnIsa.decide(Map.of(), CpuInfo.read());
        assertThat(out).contains("decided " + expected.describe());
        if ("AVX2".equals(expected.isa())) assertThat(out).containsPattern("(?m)isa:Intel AVX2$").doesNotContain("AVX-512");
        String forced = runChild(Map.of(OneDnnIsa.ENV, "AVX"));
        assertThat(forced).containsPattern("(?m)^decided AVX$").containsPattern("(?m)isa:Intel AVX$").contains("convolution,jit:avx,");
    }

    private static String runChild(Map<String, String> env) throws Exception {
        ProcessBuilder child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), OneDnnIsaTest.class.getName())
                .redirectErrorStream(true);
        child.environment().keySet().removeIf(n -> n.equals(OneDnnIsa.ENV) || n.endsWith("_MAX_CPU_ISA"));
        child.environment().put("ONEDNN_VERBOSE", "1");
        child.environment().putAll(env);
        Process p = child.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
