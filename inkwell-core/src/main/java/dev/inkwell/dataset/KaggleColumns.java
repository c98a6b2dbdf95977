package dev.inkwell.dataset;

import java.util.Set;

/** The column names of a Kaggle digit-recognizer row: the CSV reader's header, the server's CSV and JSON requests. */
public final class KaggleColumns {
    /** Columns that are not pixels and are ignored for prediction. */
    private static final Set<String> EXTRA = Set.of("label", "uuid", "id", "ImageId");

    private KaggleColumns() {
    }

    public static boolean isExtra(String name) {
        return EXTRA.contains(name);
    }

    /** N of {@code pixelN} (ASCII digits, at most nine of them: a 1024×1024 RGB row has 3,145,728), or -1 for any other name. */
    public static int pixelIndex(String name) {
        if (!name.startsWith("pixel") || name.length() < 6 || name.length() > 14) return -1;
        for (int i = 5; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') return -1;
        }
        return Integer.parseInt(name, 5, name.length(), 10);
    }

    /** A cell without its surrounding double quotes and spaces. */
    public static String unquote(String cell) {
        String t = cell.strip();
        return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") ? t.substring(1, t.length() - 1).strip() : t;
    }
}
