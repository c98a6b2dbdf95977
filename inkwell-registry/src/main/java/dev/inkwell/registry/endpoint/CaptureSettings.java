package dev.inkwell.registry.endpoint;

import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.SortedMaps;
import dev.inkwell.registry.RegistryNames;
import java.util.Map;
import java.util.TreeMap;

/**
 * Traffic capture of an endpoint: the share of requests recorded (0 turns it off), the share of particular variants
 * (the shadow's included) where it differs, and where the records go, {@code s3://BUCKET/PREFIX} in Inkwell's buckets
 * (default bucket {@code captures}).
 *
 * @param percent  every variant's share, unless {@code variants} names it
 * @param variants variant (or shadow) name → its own share, 0 to 100
 */
public record CaptureSettings(double percent, String destination, Map<String, Double> variants) {
    public static final String DEFAULT_DESTINATION = "s3://captures/";
    public static final CaptureSettings OFF = new CaptureSettings(0, DEFAULT_DESTINATION);

    public CaptureSettings {
        checkPercent(percent, "capture");
        destination = destination == null || destination.isBlank() ? DEFAULT_DESTINATION : destination.strip();
        if (!destination.matches("s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/[^\\s]*)?")) {
            throw new InvalidInputException("capture destination '" + destination + "': expected s3://BUCKET/PREFIX");
        }
        if (variants == null) {
            variants = Map.of();
        } else {
            TreeMap<String, Double> sorted = new TreeMap<>();
            variants.forEach((name, share) -> {
                RegistryNames.variant(name);
                if (share == null) throw new InvalidInputException("capture of variant " + name + ": no share given");
                checkPercent(share, "capture of variant " + name);
                sorted.put(name, share);
            });
            variants = SortedMaps.copyOf(sorted);
        }
    }

    /** The same share for every variant. */
    public CaptureSettings(double percent, String destination) {
        this(percent, destination, Map.of());
    }

    private static void checkPercent(double percent, String what) {
        if (!(percent >= 0 && percent <= 100)) throw new InvalidInputException(what + " " + percent + " %: expected 0 to 100");
    }

    /** Whether any variant's requests are captured. */
    public boolean enabled() {
        return percent > 0 || variants.values().stream().anyMatch(p -> p > 0);
    }

    /** The share of {@code variant}'s requests (or shadow readings) captured. */
    public double percentFor(String variant) {
        Double own = variants.get(variant);
        return own != null ? own : percent;
    }

    public CaptureSettings withVariant(String variant, double share) {
        Map<String, Double> m = new TreeMap<>(variants);
        m.put(variant, share);
        return new CaptureSettings(percent, destination, m);
    }

    /**
     * Parses the command line's {@code --capture} values: {@code PERCENT} (every variant) or {@code VARIANT=PERCENT}
     * (one variant or the shadow), the {@code %} optional.
     */
    public static CaptureSettings parse(Iterable<String> values, String destination) {
        double all = 0;
        Map<String, Double> own = new TreeMap<>();
        for (String v : values) {
            String text = v.strip();
            int eq = text.indexOf('=');
            if (eq < 0) {
                all = number(text, text);
            } else {
                String name = text.substring(0, eq).strip();
                RegistryNames.variant(name);
                own.put(name, number(text.substring(eq + 1).strip(), text));
            }
        }
        return new CaptureSettings(all, destination, own);
    }

    private static double number(String share, String whole) {
        String s = share.endsWith("%") ? share.substring(0, share.length() - 1) : share;
        if (!s.matches("[0-9]{1,3}(\\.[0-9]{1,6})?")) {
            throw new InvalidInputException("capture '" + whole + "': expected PERCENT (0 to 100) or VARIANT=PERCENT, e.g. 10 or b=100");
        }
        return Double.parseDouble(s);
    }

    public String bucket() {
        String rest = destination.substring("s3://".length());
        int slash = rest.indexOf('/');
        return slash < 0 ? rest : rest.substring(0, slash);
    }

    /** The key prefix, empty or ending with '/'. */
    public String prefix() {
        String rest = destination.substring("s3://".length());
        int slash = rest.indexOf('/');
        String p = slash < 0 ? "" : rest.substring(slash + 1);
        return p.isEmpty() || p.endsWith("/") ? p : p + "/";
    }

    /** {@code 10 %}, or {@code 10 % (b 100 %, c 0 %)}. */
    public String describe() {
        StringBuilder s = new StringBuilder(share(percent));
        if (!variants.isEmpty()) {
            s.append(" (");
            String sep = "";
            for (var e : variants.entrySet()) {
                s.append(sep).append(e.getKey()).append(' ').append(share(e.getValue()));
                sep = ", ";
            }
            s.append(')');
        }
        return s.toString();
    }

    private static String share(double p) {
        return (p == Math.rint(p) ? String.valueOf((long) p) : String.valueOf(p)) + " %";
    }
}
