package dev.inkwell.train;

/** A batch prepared on the CPU: {@code size} images as N×C×H×W floats and their labels. */
record HostBatch(float[] images, int[] labels, int size) {
}
