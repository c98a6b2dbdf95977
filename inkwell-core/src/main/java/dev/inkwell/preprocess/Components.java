package dev.inkwell.preprocess;

import java.util.ArrayList;
import java.util.List;

/** 8-connected components of a binary mask, with their areas and bounding boxes. */
final class Components {
    /** One blob: label (1-based), pixel count and inclusive-exclusive bounds. */
    record Blob(int label, int area, int minX, int minY, int maxX, int maxY) {
        int width() {
            return maxX - minX;
        }

        int height() {
            return maxY - minY;
        }
    }

    final int[] labels;
    final List<Blob> blobs;

    private Components(int[] labels, List<Blob> blobs) {
        this.labels = labels;
        this.blobs = blobs;
    }

    static Components label(boolean[] mask, int w, int h) {
        int[] labels = new int[w * h];
        List<Blob> blobs = new ArrayList<>();
        int[] stack = new int[Math.max(16, w * h)];
        int next = 1;
        for (int start = 0; start < mask.length; start++) {
            if (!mask[start] || labels[start] != 0) continue;
            int label = next++;
            int sp = 0;
            stack[sp++] = start;
            labels[start] = label;
            int area = 0;
            int minX = Integer.MAX_VALUE;
            int minY = Integer.MAX_VALUE;
            int maxX = -1;
            int maxY = -1;
            while (sp > 0) {
                int p = stack[--sp];
                int x = p % w;
                int y = p / w;
                area++;
                minX = Math.min(minX, x);
                minY = Math.min(minY, y);
                maxX = Math.max(maxX, x);
                maxY = Math.max(maxY, y);
                for (int dy = -1; dy <= 1; dy++) {
                    int yy = y + dy;
                    if (yy < 0 || yy >= h) continue;
                    for (int dx = -1; dx <= 1; dx++) {
                        int xx = x + dx;
                        if (xx < 0 || xx >= w) continue;
                        int q = yy * w + xx;
                        if (mask[q] && labels[q] == 0) {
                            labels[q] = label;
                            stack[sp++] = q;
                        }
                    }
                }
            }
            blobs.add(new Blob(label, area, minX, minY, maxX + 1, maxY + 1));
        }
        return new Components(labels, blobs);
    }
}
