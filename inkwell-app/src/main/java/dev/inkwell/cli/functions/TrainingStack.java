package dev.inkwell.cli.functions;

/** Whether the training stack (inkwell-train: DJL + PyTorch) is on the class path: the serve image leaves it out. */
final class TrainingStack {
    private TrainingStack() {
    }

    /** Throws when it is missing, so the function registry leaves a training function out instead of failing later. */
    static void require() {
        try {
            Class.forName("dev.inkwell.train.ModelTraining", false, TrainingStack.class.getClassLoader());
            Class.forName("ai.djl.engine.Engine", false, TrainingStack.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the training stack (inkwell-train, DJL + PyTorch) is not on the class path", e);
        }
    }
}
