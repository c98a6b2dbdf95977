package dev.inkwell.core;

/** Small text helpers for messages that quote user input. */
public final class Texts {
    private Texts() {
    }

    /** {@code s} cut to {@code max} characters (then "…"), control characters shown as '?': safe to quote in one line. */
    public static String abbreviate(String s, int max) {
        String t = s.length() <= max ? s : s.substring(0, max) + "…";
        return t.replaceAll("\\p{Cntrl}", "?");
    }
}
