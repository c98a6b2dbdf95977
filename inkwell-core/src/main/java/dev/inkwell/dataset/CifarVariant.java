package dev.inkwell.dataset;

/** CIFAR-10 (10 classes) or CIFAR-100 (100 fine classes in 20 coarse ones); images are RGB 32×32. */
public enum CifarVariant {
    CIFAR10(10, 1),
    CIFAR100(100, 2);

    public static final int SIDE = 32;
    public static final int IMAGE_BYTES = SIDE * SIDE * 3;

    private final int classes;
    private final int labelBytes;

    CifarVariant(int classes, int labelBytes) {
        this.classes = classes;
        this.labelBytes = labelBytes;
    }

    public int classes() {
        return classes;
    }

    /** Bytes before the pixels in a binary record: the label (CIFAR-10) or coarse then fine label (CIFAR-100). */
    public int labelBytes() {
        return labelBytes;
    }

    public int recordBytes() {
        return labelBytes + IMAGE_BYTES;
    }

    /** CIFAR stores the red plane, then green, then blue; samples interleave channels per pixel. */
    static byte[] interleave(byte[] planar, int offset) {
        int plane = SIDE * SIDE;
        byte[] rgb = new byte[IMAGE_BYTES];
        for (int i = 0; i < plane; i++) {
            rgb[3 * i] = planar[offset + i];
            rgb[3 * i + 1] = planar[offset + plane + i];
            rgb[3 * i + 2] = planar[offset + 2 * plane + i];
        }
        return rgb;
    }

    /** The inverse of {@link #interleave}, for writing test files. */
    public static byte[] planar(byte[] rgb) {
        int plane = SIDE * SIDE;
        byte[] out = new byte[IMAGE_BYTES];
        for (int i = 0; i < plane; i++) {
            out[i] = rgb[3 * i];
            out[plane + i] = rgb[3 * i + 1];
            out[2 * plane + i] = rgb[3 * i + 2];
        }
        return out;
    }
}
