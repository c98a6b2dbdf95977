package dev.inkwell.functions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inkwell.core.ConflictException;
import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InputTooLargeException;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.NotFoundException;
import dev.inkwell.core.UnavailableException;
import dev.inkwell.core.UnprocessableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** What each kind of failure means to a caller: Step Functions' error name, whether to try again, where the input is at fault. */
class FunctionFailureTest {
    @Test
    void inkwellsFailuresMapToErrorNamesAndRetryability() {
        var at = InputLocation.line("s3://b/k.csv", 3, 785);
        FunctionFailure bad = FunctionFailure.of(new InvalidInputException(at, "expected 785 values"));
        assertThat(bad.error()).isEqualTo("Inkwell.InvalidInput");
        assertThat(bad.retryable()).isFalse();
        assertThat(bad.location()).isEqualTo(at);
        assertThat(bad.getMessage()).isEqualTo("s3://b/k.csv, line 3, column 785: expected 785 values");
        assertThat(FunctionFailure.of(new InputTooLargeException(at, "big")).error()).isEqualTo("Inkwell.TooLarge");
        assertThat(FunctionFailure.of(new NotFoundException("no")).retryable()).isFalse();
        assertThat(FunctionFailure.of(new UnprocessableException("model")).error()).isEqualTo("Inkwell.Unprocessable");
        assertThat(FunctionFailure.of(new ConflictException("clash")).error()).isEqualTo("Inkwell.Conflict");
        assertThat(FunctionFailure.of(new UnavailableException("store down")).retryable()).isTrue();
        assertThat(FunctionFailure.of(new UncheckedIOException(new IOException("disk"))).error()).isEqualTo("Inkwell.Unavailable");
        FunctionFailure bug = FunctionFailure.of(new IllegalStateException("oops"));
        assertThat(bug.error()).isEqualTo("Inkwell.Internal");
        assertThat(bug.getMessage()).isEqualTo("IllegalStateException: oops");
        assertThat(bug.retryable()).isTrue();
    }

    @Test
    void anUnknownFunctionIsLambdasResourceNotFoundAndAsyncCallsCarryTheFailure() {
        Functions functions = Functions.builtIn();
        assertThat(functions.all()).extracting(Function::name).containsExactly("classify", "ingest", "export", "register", "serializeImageData", "threshold",
                "evaluate", "deploy", "workflow");
        FunctionEnvironment env = new FunctionEnvironment(null, null, null, null, null);
        Invocation call = Invocation.direct(env, "workflow/test", Duration.ofSeconds(5));
        var answer = functions.invokeAsync("nothing", null, call);
        try {
            answer.join();
        } catch (CompletionException e) {
            assertThat(e.getCause()).isInstanceOfSatisfying(FunctionFailure.class, f -> {
                assertThat(f.error()).isEqualTo("Lambda.ResourceNotFoundException");
                assertThat(f.getMessage()).contains("classify, ingest, export, register");
            });
            return;
        }
        throw new AssertionError("an unknown function answered");
    }

    @Test
    void aPastDeadlineIsStatesTimeout() {
        var env = new FunctionEnvironment(null, null, null, null, null);
        Invocation late = new Invocation("k", Instant.now().minusSeconds(1), "cli", env, null);
        try {
            late.checkDeadline();
            throw new AssertionError("no timeout");
        } catch (FunctionFailure f) {
            assertThat(f.error()).isEqualTo("States.Timeout");
        }
        assertThat(late.fromTrigger()).isFalse();
        assertThat(new Invocation("k", Instant.now(), "trigger/x", env, null).fromTrigger()).isTrue();
    }
}
