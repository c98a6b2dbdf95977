package dev.inkwell.train;

/** Whether a run starts from its seeded initial parameters or continues from the checkpoint in its folder. */
public enum TrainingStart {
    /** seeded initial parameters (or a {@link WarmStart}) */
    FRESH,
    /** the last complete checkpoint of the same run (same options and data) */
    RESUME
}
