package dev.inkwell.dataset;

/** The formats Inkwell reads: files on disk, and its own samples tables. */
public enum DatasetFormat {
    IDX("IDX (MNIST layout)"),
    CSV("CSV (Kaggle digit-recognizer layout)"),
    IMAGE_FOLDER("image folder"),
    CIFAR10_BINARY("CIFAR-10 binary batches"),
    CIFAR100_BINARY("CIFAR-100 binary batches"),
    CIFAR_PICKLE("CIFAR python batches"),
    TABLE("samples table");

    private final String description;

    DatasetFormat(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
