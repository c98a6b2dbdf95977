package dev.inkwell.dataset;

/** Where an image folder's labels come from. */
public enum LabelSource {
    /** The parent folder's name when it is a number ({@code train/3/x.png}), else the file name's first digit, else none. */
    AUTO,
    /** The first character of the file name, which must be a digit ({@code 3_anything.png}, seed 000). */
    FILE_NAME,
    /** The name of the folder holding the file, which must be a number ({@code train/3/x.png}). */
    FOLDER,
    /** No labels. */
    NONE
}
