package dev.inkwell.preprocess;

import dev.inkwell.core.IdlePool;

/**
 * Working arrays reused from one picture to the next. Preprocessing a 28×28 picture allocated ~130 KB, most of it
 * arrays that live for one step; at a few hundred requests a second a young collection came every ~70 requests, each
 * one pausing the request whose allocation set it off, and under load collections took CPU from answers (with these
 * arrays reused: 16–18 % more requests a second at 32 clients, docs/serve.md). Only arrays that their user
 * writes in full before reading them are handed out (their contents are whatever the last user left), at least
 * {@link #MIN_SIZE} elements so that pictures of slightly different sizes share them, and none over
 * {@link #MAX_KEPT} elements is kept: a large picture's arrays go to the collector as before. A kept array too small
 * for the one asking stays kept (the one asking gets a new one): dropped, it would be garbage in the old generation
 * (kept arrays live long enough to be promoted), and with canvases among small pictures that happened about once a
 * second and grew the old generation, and the resident memory, by ~1.5 MB a minute (stop 39, docs/serve.md).
 */
final class Scratch {
    /** Elements of the smallest array made: an 80-px working image with a one-pixel ring is 6,724. */
    static final int MIN_SIZE = 8192;
    /** Larger arrays are never kept. */
    static final int MAX_KEPT = 1 << 16;
    /** Arrays kept of each kind: more than the pictures preprocessed at once (a carrier or large-picture thread each). */
    private static final int KEPT = 4 * Runtime.getRuntime().availableProcessors();
    private static final IdlePool<int[]> INTS = new IdlePool<>(KEPT);
    private static final IdlePool<float[]> FLOATS = new IdlePool<>(KEPT);

    private Scratch() {
    }

    /** An array of at least {@code size} ints; the caller writes every element it reads. */
    static int[] ints(int size) {
        int[] a = INTS.poll();
        if (a != null && a.length >= size) return a;
        if (a != null) INTS.offer(a); // too small: kept for the next small picture
        return new int[Math.max(size, MIN_SIZE)];
    }

    /** An array of at least {@code size} floats; the caller writes every element it reads. */
    static float[] floats(int size) {
        float[] a = FLOATS.poll();
        if (a != null && a.length >= size) return a;
        if (a != null) FLOATS.offer(a); // too small: kept for the next small picture
        return new float[Math.max(size, MIN_SIZE)];
    }

    /** Hands {@code a} back; the caller no longer touches it. */
    static void give(int[] a) {
        if (a.length <= MAX_KEPT) INTS.offer(a);
    }

    /** Hands {@code a} back; the caller no longer touches it. */
    static void give(float[] a) {
        if (a.length <= MAX_KEPT) FLOATS.offer(a);
    }

    /** Float arrays kept now (tests). */
    static int keptFloats() {
        return FLOATS.size();
    }
}
