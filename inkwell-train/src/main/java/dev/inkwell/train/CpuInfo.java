package dev.inkwell.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The CPU's vendor and feature flags as Linux reports them (empty elsewhere). */
record CpuInfo(String vendor, Set<String> flags) {
    static final CpuInfo UNKNOWN = new CpuInfo("", Set.of());

    static CpuInfo read() {
        try {
            return parse(Files.readAllLines(Path.of("/proc/cpuinfo")));
        } catch (IOException | RuntimeException e) {
            return UNKNOWN;
        }
    }

    /** The first processor's {@code vendor_id} and {@code flags} lines. */
    static CpuInfo parse(List<String> lines) {
        String vendor = "";
        Set<String> flags = Set.of();
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon < 0) continue;
            String key = line.substring(0, colon).strip();
            String value = line.substring(colon + 1).strip();
            if (key.equals("vendor_id") && vendor.isEmpty()) vendor = value;
            if (key.equals("flags") && flags.isEmpty()) flags = Arrays.stream(value.split("\\s+")).collect(Collectors.toUnmodifiableSet());
            if (!vendor.isEmpty() && !flags.isEmpty()) break;
        }
        return new CpuInfo(vendor, flags);
    }

    boolean isAmd() {
        return vendor.equals("AuthenticAMD");
    }

    boolean hasAvx512() {
        return flags.contains("avx512f");
    }
}
