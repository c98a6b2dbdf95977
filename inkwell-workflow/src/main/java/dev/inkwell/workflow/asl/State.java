package dev.inkwell.workflow.asl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * One compiled state of a definition. Everything a state does that does not depend on its type lives in
 * {@link Common}; each state type adds its own fields.
 */
public sealed interface State {
    Common common();

    default String name() {
        return common().name();
    }

    /** The state type as written in the definition ({@code Pass}, {@code Task}, ...), which prefixes its history events. */
    String type();

    enum QueryLanguage {
        JSONPATH("JSONPath"),
        JSONATA("JSONata");

        private final String spelling;

        QueryLanguage(String spelling) {
            this.spelling = spelling;
        }

        public String spelling() {
            return spelling;
        }
    }

    /**
     * Fields shared by the state types. JSONPath states use inputPath/parameters/resultSelector/resultPath/outputPath;
     * JSONata states use arguments/output. Either may use assign.
     */
    record Common(
            String name,
            QueryLanguage language,
            PathValue inputPath,
            boolean inputPathNull,
            Template parameters,
            Template resultSelector,
            ResultPathSpec resultPath,
            PathValue outputPath,
            boolean outputPathNull,
            Template arguments,
            Template output,
            Template assign,
            String next,
            boolean end,
            List<Retrier> retry,
            List<Catcher> catchers) {
        public boolean jsonata() {
            return language == QueryLanguage.JSONATA;
        }
    }

    /** Where a result goes in the state input: discarded ({@code null}), the whole ({@code $}) or a nested place. */
    record ResultPathSpec(String text, boolean discard, List<Object> steps) {
        public static final ResultPathSpec ROOT = new ResultPathSpec("$", false, List.of());
    }

    enum Jitter { FULL, NONE }

    record Retrier(List<String> errorEquals, double intervalSeconds, int maxAttempts, double backoffRate,
                   Long maxDelaySeconds, Jitter jitter) {}

    record Catcher(List<String> errorEquals, String next, ResultPathSpec resultPath, Template output, Template assign) {}

    /** A set of states with a start: the whole machine, a Parallel branch, a Map item processor. */
    record Graph(String startAt, Map<String, State> states, QueryLanguage language) {
        public State start() {
            return states.get(startAt);
        }
    }

    record Pass(Common common, JsonNode result) implements State {
        @Override public String type() { return "Pass"; }
    }

    /**
     * {@code timeout}/{@code heartbeat}: a literal number of seconds (JSONPath) or a JSONata template (JSONata) in
     * {@code timeoutTemplate}; {@code timeoutPath}/{@code heartbeatPath} the JSONPath forms.
     */
    record Task(Common common, String resource, Long timeoutSeconds, PathValue timeoutPath, Template timeoutTemplate,
                Long heartbeatSeconds, PathValue heartbeatPath, Template heartbeatTemplate) implements State {
        @Override public String type() { return "Task"; }
    }

    record ChoiceRule(Condition condition, String next, Template assign, Template output) {}

    record Choice(Common common, List<ChoiceRule> choices, String defaultNext) implements State {
        @Override public String type() { return "Choice"; }
    }

    /** One of seconds/timestamp (literals), secondsPath/timestampPath (JSONPath) or the JSONata templates is set. */
    record Wait(Common common, Long seconds, String timestamp, PathValue secondsPath, PathValue timestampPath,
                Template secondsTemplate, Template timestampTemplate) implements State {
        @Override public String type() { return "Wait"; }
    }

    record Succeed(Common common) implements State {
        @Override public String type() { return "Succeed"; }
    }

    record Fail(Common common, Template error, Template cause, PathValue errorPath, PathValue causePath) implements State {
        @Override public String type() { return "Fail"; }
    }

    record Parallel(Common common, List<Graph> branches) implements State {
        @Override public String type() { return "Parallel"; }
    }

    /**
     * Inline or distributed Map. {@code items}: the JSONata {@code Items} template or a JSONPath-mode literal; the
     * limits hold a literal, a path, or a JSONata template; {@code itemReader}/{@code itemBatcher}/{@code resultWriter}
     * are the compiled templates of those objects (distributed mode).
     */
    record MapState(Common common, Graph processor, boolean distributed, PathValue itemsPath, Template items,
               Template itemSelector, Limit maxConcurrency, Limit toleratedFailureCount,
               Limit toleratedFailurePercentage, Template itemReader, Template itemBatcher, Template resultWriter)
            implements State {
        @Override public String type() { return "Map"; }
    }

    /** A number field that may be literal, read from a path, or computed by JSONata. */
    record Limit(String field, JsonNode literal, PathValue path, Template template) {
        public static Limit none(String field) {
            return new Limit(field, null, null, null);
        }

        public boolean absent() {
            return literal == null && path == null && template == null;
        }
    }
}
