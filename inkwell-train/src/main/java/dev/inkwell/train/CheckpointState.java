package dev.inkwell.train;

import java.util.List;

/**
 * What {@code checkpoint.json} records after each epoch: enough, with the parameter and optimiser files it names,
 * to continue the run exactly where it stopped.
 *
 * @param runKey digest of the options and data: a checkpoint only resumes the run that wrote it
 */
record CheckpointState(int format, String runKey, int completedEpochs, long step, double mean, double std,
                       List<EpochRecord> history, String parametersFile, String optimizerFile, String bestParametersFile) {
    static final int FORMAT = 1;
}
