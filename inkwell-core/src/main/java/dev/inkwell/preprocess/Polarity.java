package dev.inkwell.preprocess;

/** Which way round ink and background are in the source picture. Model space is always light ink on dark. */
public enum Polarity {
    /** Dark ink on a light background (paper, canvas screenshots): inverted. */
    DARK_ON_LIGHT,
    /** Light ink on a dark background (MNIST, 28×28 exports): kept. */
    LIGHT_ON_DARK
}
