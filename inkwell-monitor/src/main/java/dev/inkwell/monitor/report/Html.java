package dev.inkwell.monitor.report;

import java.time.Duration;
import java.util.Locale;

/** Small text helpers of the HTML report. */
final class Html {
    private Html() {
    }

    static String escape(String s) {
        if (s == null) return "";
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** "1 min", "15 min", "1 h", "1 d". */
    static String duration(Duration d) {
        if (d.toDays() >= 1 && d.toHours() % 24 == 0) return d.toDays() + " d";
        if (d.toHours() >= 1 && d.toMinutes() % 60 == 0) return d.toHours() + " h";
        return d.toMinutes() + " min";
    }

    /** A number with up to four decimals; "–" for NaN. */
    static String number(double v) {
        if (Double.isNaN(v)) return "–";
        return String.format(Locale.ROOT, "%.4f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    static String percent(double share) {
        if (Double.isNaN(share)) return "–";
        return String.format(Locale.ROOT, "%.2f %%", 100 * share);
    }
}
