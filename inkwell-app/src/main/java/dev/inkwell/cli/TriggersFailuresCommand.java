package dev.inkwell.cli;

import dev.inkwell.functions.trigger.TriggerFailure;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "failures", mixinStandardHelpOptions = true,
        description = {"List the objects the triggers gave up on, oldest first: the error, where in the input (file, line, column), "
                + "after how many attempts, and the report written beside the results."})
public final class TriggersFailuresCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    StoreOptions store;

    @Parameters(index = "0", arity = "0..1", paramLabel = "TRIGGER", description = "Only this trigger's (default: every trigger's).")
    String trigger;

    @Option(names = "--limit", defaultValue = "100", paramLabel = "N", description = "At most N (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
        if (limit < 1) throw new ParameterException(spec.commandLine(), "--limit must be at least 1");
        List<TriggerFailure> failures = TriggersCommand.triggers(store, null).failures(trigger, limit);
        PrintWriter out = spec.commandLine().getOut();
        if (common.json()) {
            JsonOutput.print(out, Map.of("failures", failures.stream().map(TriggerFailure::toMap).toList()));
            return Cli.OK;
        }
        if (failures.isEmpty()) out.println("no failures" + (trigger == null ? "" : " for trigger " + trigger));
        for (TriggerFailure f : failures) {
            out.printf("%s  %s: s3://%s/%s (ETag %s), %d attempt(s)%n    %s: %s%n", f.failedAt(), f.trigger(), f.bucket(), f.key(), f.eTag(),
                    f.attempts(), f.error(), f.cause());
            if (f.report() != null) out.printf("    report: s3://%s/%s%n", f.bucket(), f.report());
        }
        out.flush();
        return Cli.OK;
    }
}
