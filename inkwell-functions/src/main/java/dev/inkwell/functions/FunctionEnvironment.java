package dev.inkwell.functions;

import dev.inkwell.bucket.Buckets;
import dev.inkwell.core.InkwellException;
import dev.inkwell.functions.builtin.ModelDeployer;
import dev.inkwell.functions.builtin.Recognizers;
import dev.inkwell.serving.ServingConfig;
import dev.inkwell.store.Store;
import java.util.function.Supplier;

/**
 * What functions work with, as the process running them has it: buckets, the store (opened on first use), the
 * endpoints that read pictures, the deployer that installs uploaded models and the workflows executions start in. A
 * part a process lacks (the CLI's {@code export} loads no model) is null, and a function that needs it says so.
 */
public final class FunctionEnvironment {
    private final Buckets buckets;
    private final Supplier<Store> store;
    private final Recognizers recognizers;
    private final ModelDeployer deployer;
    private final ServingConfig.Limits limits;
    private final WorkflowStarter workflows;

    public FunctionEnvironment(Buckets buckets, Supplier<Store> store, Recognizers recognizers, ModelDeployer deployer, ServingConfig.Limits limits) {
        this(buckets, store, recognizers, deployer, limits, null);
    }

    public FunctionEnvironment(Buckets buckets, Supplier<Store> store, Recognizers recognizers, ModelDeployer deployer, ServingConfig.Limits limits,
                               WorkflowStarter workflows) {
        this.buckets = buckets;
        this.store = store;
        this.recognizers = recognizers;
        this.deployer = deployer;
        this.limits = limits == null ? ServingConfig.Limits.defaults() : limits;
        this.workflows = workflows;
    }

    public Buckets buckets() {
        if (buckets == null) throw new InkwellException("no buckets here: this function needs them (--buckets)");
        return buckets;
    }

    public Store store() {
        if (store == null) throw new InkwellException("no store here: this function needs one (--store)");
        return store.get();
    }

    public Recognizers recognizers() {
        if (recognizers == null) throw new InkwellException("no endpoints here: this function reads pictures with a model (--model)");
        return recognizers;
    }

    public ModelDeployer deployer() {
        if (deployer == null) throw new InkwellException("no model deployer here: register needs a running server's endpoints");
        return deployer;
    }

    public WorkflowStarter workflows() {
        if (workflows == null) throw new InkwellException("no workflows here: starting an execution needs a running server (inkwell serve)");
        return workflows;
    }

    /** Body, picture and batch limits (the server's, so a trigger reads what a request may send). */
    public ServingConfig.Limits limits() {
        return limits;
    }

    public FunctionEnvironment withRecognizers(Recognizers value) {
        return new FunctionEnvironment(buckets, store, value, deployer, limits, workflows);
    }

    public FunctionEnvironment withDeployer(ModelDeployer value) {
        return new FunctionEnvironment(buckets, store, recognizers, value, limits, workflows);
    }

    public FunctionEnvironment withWorkflows(WorkflowStarter value) {
        return new FunctionEnvironment(buckets, store, recognizers, deployer, limits, value);
    }
}
