package dev.inkwell.preprocess;

/** An axis-aligned rectangle in source-image pixels. */
public record Box(int x, int y, int width, int height) {
}
