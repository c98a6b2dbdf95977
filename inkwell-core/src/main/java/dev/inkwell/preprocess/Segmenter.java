package dev.inkwell.preprocess;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Groups ink blobs into digits, left to right: blobs stacked over each other (a "5"'s detached cap, a broken
 * stroke) join the digit they overlap horizontally, small fragments join their nearest neighbour, and blobs much
 * wider than tall (touching digits) are cut at their thinnest column.
 */
final class Segmenter {
    /** A digit being formed: which blob labels it owns, and the column range [clipMinX, clipMaxX) it may use. */
    static final class Group {
        final List<Components.Blob> blobs = new ArrayList<>();
        int clipMinX = Integer.MIN_VALUE;
        int clipMaxX = Integer.MAX_VALUE;
        int minX;
        int minY;
        int maxX;
        int maxY;
        long area;

        Group(Components.Blob blob) {
            blobs.add(blob);
            minX = blob.minX();
            minY = blob.minY();
            maxX = blob.maxX();
            maxY = blob.maxY();
            area = blob.area();
        }

        void absorb(Group other) {
            blobs.addAll(other.blobs);
            minX = Math.min(minX, other.minX);
            minY = Math.min(minY, other.minY);
            maxX = Math.max(maxX, other.maxX);
            maxY = Math.max(maxY, other.maxY);
            area += other.area;
        }

        boolean owns(int label, int x) {
            if (x < clipMinX || x >= clipMaxX) return false;
            for (Components.Blob b : blobs) {
                if (b.label() == label) return true;
            }
            return false;
        }

        int width() {
            return maxX - minX;
        }

        int height() {
            return maxY - minY;
        }
    }

    private Segmenter() {
    }

    static List<Group> group(List<Components.Blob> blobs, int[] labels, int imageWidth, boolean segment, int maxDigits) {
        List<Group> groups = new ArrayList<>();
        for (Components.Blob b : blobs) groups.add(new Group(b));
        if (groups.isEmpty()) return groups;
        if (!segment) {
            Group all = groups.getFirst();
            for (int i = 1; i < groups.size(); i++) all.absorb(groups.get(i));
            return List.of(all);
        }
        mergeOverlapping(groups);
        mergeFragments(groups);
        List<Group> split = new ArrayList<>();
        for (Group g : groups) splitWide(g, labels, imageWidth, split, 0);
        split.sort(Comparator.comparingInt(g -> g.minX));
        if (split.size() > maxDigits) {
            List<Group> largest = new ArrayList<>(split);
            largest.sort(Comparator.comparingLong((Group g) -> g.area).reversed());
            split = new ArrayList<>(largest.subList(0, maxDigits));
            split.sort(Comparator.comparingInt(g -> g.minX));
        }
        return split;
    }

    /** Joins groups whose column spans overlap by at least half of the narrower one: parts of one digit. */
    private static void mergeOverlapping(List<Group> groups) {
        boolean merged = true;
        while (merged) {
            merged = false;
            outer:
            for (int i = 0; i < groups.size(); i++) {
                for (int j = i + 1; j < groups.size(); j++) {
                    Group a = groups.get(i);
                    Group b = groups.get(j);
                    int overlap = Math.min(a.maxX, b.maxX) - Math.max(a.minX, b.minX);
                    if (overlap > 0.5 * Math.min(a.width(), b.width())) {
                        a.absorb(b);
                        groups.remove(j);
                        merged = true;
                        break outer;
                    }
                }
            }
        }
    }

    /** Flat or tiny groups (a stroke broken off) join the nearest group when close to it. */
    private static void mergeFragments(List<Group> groups) {
        boolean merged = true;
        while (merged && groups.size() > 1) {
            merged = false;
            int tallest = 0;
            long largest = 0;
            for (Group g : groups) {
                tallest = Math.max(tallest, g.height());
                largest = Math.max(largest, g.area);
            }
            for (int i = 0; i < groups.size() && !merged; i++) {
                Group f = groups.get(i);
                boolean flat = f.height() < 0.45 * tallest; // a 5's cap, a 7's bar: no digit is that short
                boolean crumb = f.area < 0.1 * largest;
                if (!flat && !crumb) continue;
                Group nearest = null;
                int bestGap = Integer.MAX_VALUE;
                for (Group g : groups) {
                    if (g == f) continue;
                    int gap = Math.max(g.minX - f.maxX, f.minX - g.maxX);
                    if (gap < bestGap) {
                        bestGap = gap;
                        nearest = g;
                    }
                }
                if (nearest != null && bestGap < 0.3 * tallest) {
                    nearest.absorb(f);
                    groups.remove(i);
                    merged = true;
                }
            }
        }
    }

    /** Cuts a group much wider than tall (touching digits) at its thinnest column near the expected digit edge. */
    private static void splitWide(Group g, int[] labels, int imageWidth, List<Group> out, int depth) {
        int w = g.width();
        int h = g.height();
        if (depth >= 4 || h < 4 || w < 1.3 * h) {
            out.add(g);
            return;
        }
        int[] column = new int[w];
        long total = 0;
        for (int y = g.minY; y < g.maxY; y++) {
            for (int x = g.minX; x < g.maxX; x++) {
                int label = labels[y * imageWidth + x];
                if (label != 0 && g.owns(label, x)) {
                    column[x - g.minX]++;
                    total++;
                }
            }
        }
        // handwritten digits are about 0.75 as wide as tall: look for the first cut near where it should be
        int digits = (int) Math.max(2, Math.round(w / (0.75 * h)));
        double pitch = (double) w / digits;
        int from = (int) Math.max(1, pitch * 0.6);
        int to = (int) Math.min(w - 1, pitch * 1.4);
        int best = -1;
        for (int c = from; c < to; c++) {
            if (best < 0 || column[c] < column[best]) best = c;
        }
        double mean = (double) total / w;
        if (best < 0 || column[best] > 0.35 * mean) { // only a clear neck: a wide single digit has none
            out.add(g);
            return;
        }
        int cut = g.minX + best;
        Group left = copyClipped(g, g.clipMinX, cut, labels, imageWidth);
        Group right = copyClipped(g, cut, g.clipMaxX, labels, imageWidth);
        if (left == null || right == null || left.height() < 0.5 * h || right.height() < 0.5 * h) {
            out.add(g);
            return;
        }
        splitWide(left, labels, imageWidth, out, depth + 1);
        splitWide(right, labels, imageWidth, out, depth + 1);
    }

    private static Group copyClipped(Group g, int clipMinX, int clipMaxX, int[] labels, int imageWidth) {
        int minX = Integer.MAX_VALUE;
        int minY = Integer.MAX_VALUE;
        int maxX = -1;
        int maxY = -1;
        long area = 0;
        for (int y = g.minY; y < g.maxY; y++) {
            for (int x = Math.max(g.minX, clipMinX); x < Math.min(g.maxX, clipMaxX); x++) {
                int label = labels[y * imageWidth + x];
                if (label != 0 && g.owns(label, x)) {
                    minX = Math.min(minX, x);
                    minY = Math.min(minY, y);
                    maxX = Math.max(maxX, x);
                    maxY = Math.max(maxY, y);
                    area++;
                }
            }
        }
        if (area == 0) return null;
        Group c = new Group(g.blobs.getFirst());
        c.blobs.clear();
        c.blobs.addAll(g.blobs);
        c.clipMinX = clipMinX;
        c.clipMaxX = clipMaxX;
        c.minX = minX;
        c.minY = minY;
        c.maxX = maxX + 1;
        c.maxY = maxY + 1;
        c.area = area;
        return c;
    }
}
