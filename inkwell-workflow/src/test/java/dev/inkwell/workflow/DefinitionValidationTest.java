package dev.inkwell.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inkwell.core.UnprocessableException;
import dev.inkwell.workflow.json.JsonTrees;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** Bad definitions are refused before anything runs, naming the state and the field. */
class DefinitionValidationTest {

    private static StateMachine parse(String json) {
        return StateMachine.parse("Test", json.replace('\'', '"'));
    }

    private static WorkflowDefinitionException refused(String json) {
        try {
            parse(json);
        } catch (WorkflowDefinitionException e) {
            return e;
        }
        throw new AssertionError("accepted: " + json);
    }

    @Test
    void unknown_next_names_state_field_and_target() {
        var e = refused("{'StartAt':'Load','States':{'Load':{'Type':'Pass','Next':'Classify'},"
                + "'Classify':{'Type':'Pass','Next':'Clasify'},'Done':{'Type':'Succeed'}}}");
        assertThat(e).hasMessage("state 'Classify': field 'Next': no state named 'Clasify'");
        assertThat(e.state()).isEqualTo("Classify");
        assertThat(e.field()).isEqualTo("Next");
        assertThat(e).isInstanceOf(UnprocessableException.class);
    }

    @Test
    void missing_start_at() {
        assertThat(refused("{'States':{'A':{'Type':'Succeed'}}}")).hasMessage("field 'StartAt': is required");
        assertThat(refused("{'StartAt':'B','States':{'A':{'Type':'Succeed'}}}")).hasMessage("field 'StartAt': no state named 'B'");
    }

    @Test
    void choice_without_choices() {
        assertThat(refused("{'StartAt':'C','States':{'C':{'Type':'Choice','Default':'D'},'D':{'Type':'Succeed'}}}"))
                .hasMessage("state 'C': field 'Choices': is required: a Choice state needs at least one rule");
        assertThat(refused("{'StartAt':'C','States':{'C':{'Type':'Choice','Choices':[],'Default':'D'},'D':{'Type':'Succeed'}}}"))
                .hasMessageContaining("field 'Choices'");
    }

    @Test
    void choice_rule_next_and_operator_are_checked() {
        assertThat(refused("{'StartAt':'C','States':{'C':{'Type':'Choice','Choices':[{'Variable':'$.x','NumericEquals':1,'Next':'Nope'}]}}}"))
                .hasMessage("state 'C': field 'Choices[0].Next': no state named 'Nope'");
        assertThat(refused("{'StartAt':'C','States':{'C':{'Type':'Choice','Choices':[{'Variable':'$.x','NumericEqual':1,'Next':'C'}]}}}"))
                .hasMessage("state 'C': field 'Choices[0].NumericEqual': not a comparison operator");
        assertThat(refused("{'StartAt':'C','States':{'C':{'Type':'Choice','Choices':[{'Variable':'$.x','NumericEquals':'1','Next':'C'}]}}}"))
                .hasMessageContaining("field 'Choices[0].NumericEquals': must be a number");
    }

    @Test
    void bad_jsonpath() {
        assertThat(refused("{'StartAt':'A','States':{'A':{'Type':'Pass','InputPath':'$.a[','End':true}}}"))
                .hasMessageStartingWith("state 'A': field 'InputPath': invalid JSONPath '$.a['");
        assertThat(refused("{'StartAt':'A','States':{'A':{'Type':'Pass','OutputPath':'a.b','End':true}}}"))
                .hasMessageStartingWith("state 'A': field 'OutputPath':");
        assertThat(refused("{'StartAt':'A','States':{'A':{'Type':'Pass','ResultPath':'$.a[*]','End':true}}}"))
                .hasMessageContaining("field 'ResultPath': '$.a[*]' must be a reference path");
        assertThat(refused("{'StartAt':'A','States':{'A':{'Type':'Pass','Parameters':{'x.$':'nope'},'End':true}}}"))
                .hasMessageStartingWith("state 'A': field 'Parameters': field 'x.$':");
    }

    @Test
    void unknown_intrinsic_and_wrong_arity() {
        assertThat(refused("{'StartAt':'A','States':{'A':{'Type':'Pass','Parameters':{'x.$':'States.Nope($.a)'},'End':true}}}"))
                .hasMessage("state 'A': field 'Parameters': field 'x.$': unknown intrinsic function 'States.Nope'");
        assertThat(refused("{'StartAt':'A','States':{'A':{'Type':'Pass','Parameters':{'x.$':'States.ArrayLength($.a, 2)'},'End':true}}}"))
                .hasMessageContaining("'States.ArrayLength' takes 1 argument, got 2");
        assertThat(refused("{'StartAt':'A','States':{'A':{'Type':'Pass','Parameters':{'x.$':'States.Format(\\'{}\\', $.a'},'End':true}}}"))
                .hasMessageContaining("invalid intrinsic function call");
    }

    @Test
    void fields_of_the_other_query_language_are_refused() {
        assertThat(refused("{'QueryLanguage':'JSONata','StartAt':'A','States':{'A':{'Type':'Pass','InputPath':'$.a','End':true}}}"))
                .hasMessage("state 'A': field 'InputPath': not supported when the QueryLanguage is JSONata (use 'Arguments')");
        assertThat(refused("{'StartAt':'A','States':{'A':{'Type':'Pass','Output':'{% 1 %}','End':true}}}"))
                .hasMessage("state 'A': field 'Output': only supported when the QueryLanguage is JSONata (set \"QueryLanguage\": \"JSONata\")");
        assertThat(refused("{'QueryLanguage':'JSONata','StartAt':'A','States':{'A':{'Type':'Pass','QueryLanguage':'JSONPath','End':true}}}"))
                .hasMessageContaining("field 'QueryLanguage'");
        assertThat(refused("{'QueryLanguage':'JSONata','StartAt':'A','States':{'A':{'Type':'Pass','Output':'{% $x + %}','End':true}}}"))
                .hasMessageStartingWith("state 'A': field 'Output': invalid JSONata expression '$x +'");
    }

    @Test
    void transitions_types_and_retriers() {
        assertThat(refused("{'StartAt':'A','States':{'A':{'Type':'Pass'}}}")).hasMessageStartingWith("state 'A': field 'Next': is required");
        assertThat(refused("{'StartAt':'A','States':{'A':{'Type':'Sleep','End':true}}}")).hasMessageStartingWith("state 'A': field 'Type': unknown state type");
        assertThat(refused("{'StartAt':'A','States':{'A':{'Type':'Fail','Next':'A'}}}")).hasMessage("state 'A': field 'Next': not a field of a Fail state");
        assertThat(refused("{'StartAt':'A','States':{'A':{'Type':'Task','Resource':'arn:x','End':true,"
                + "'Retry':[{'ErrorEquals':['States.ALL']},{'ErrorEquals':['X']}]}}}"))
                .hasMessage("state 'A': field 'Retry[0].ErrorEquals': States.ALL must appear alone, in the last retrier or catcher");
        assertThat(refused("{'StartAt':'A','States':{'A':{'Type':'Task','End':true}}}")).hasMessageContaining("field 'Resource': is required");
        assertThat(refused("{'StartAt':'A','States':{'A':{'Type':'Task','Resource':'arn:x','End':true,'Catch':[{'ErrorEquals':['X'],'Next':'B'}]}}}"))
                .hasMessage("state 'A': field 'Catch': Next: no state named 'B'");
        assertThat(refused("{'StartAt':'A','States':{'A':{'Type':'Wait','End':true}}}")).hasMessageContaining("exactly one of Seconds");
    }

    @Test
    void nested_states_are_named_with_their_path() {
        assertThat(refused("{'StartAt':'P','States':{'P':{'Type':'Parallel','End':true,'Branches':[{'StartAt':'X','States':{'X':{'Type':'Pass','Next':'Y'}}}]}}}"))
                .hasMessage("state 'P/X': field 'Next': no state named 'Y'");
        assertThat(refused("{'StartAt':'M','States':{'M':{'Type':'Map','End':true}}}"))
                .hasMessageContaining("state 'M': field 'ItemProcessor': is required");
    }

    @Test
    void cycles_and_unreachable_states_are_accepted() {
        // a loop is how workflows poll; an unreachable state is harmless (and AWS's own validator only warns about it)
        StateMachine loop = parse("{'StartAt':'Check','States':{'Check':{'Type':'Choice','Choices':[{'Variable':'$.n','NumericLessThan':3,'Next':'Inc'}],"
                + "'Default':'Done'},'Inc':{'Type':'Pass','Parameters':{'n.$':'States.MathAdd($.n, 1)'},'Next':'Check'},"
                + "'Done':{'Type':'Succeed'},'Orphan':{'Type':'Succeed'}}}");
        assertThat(loop.graph().states()).containsKeys("Check", "Inc", "Done", "Orphan");
    }

    @Test
    void malformed_documents() {
        assertThat(refused("{'StartAt':'A','States':{'A':{'Type':'Succeed'}")).hasMessageStartingWith("the definition is not valid JSON:")
                .hasMessageContaining("line 1");
        assertThat(refused("[1,2]")).hasMessage("the definition must be a JSON object");
        assertThat(refused("{'StartAt':'A','States':{'A':{'Type':'Succeed'}},'Extra':1}")).hasMessage("field 'Extra': not a top-level field of a state machine");
        String deep = "[".repeat(5000) + "]".repeat(5000);
        assertThatThrownBy(() -> StateMachine.parse("Deep", deep)).isInstanceOf(WorkflowDefinitionException.class)
                .hasMessageStartingWith("the definition is not valid JSON:");
        assertThatThrownBy(() -> StateMachine.parse("bad name!", "{}")).isInstanceOf(WorkflowDefinitionException.class)
                .hasMessageContaining("state machine name");
    }

    /** Whatever the text, the parser answers with a definition or a WorkflowDefinitionException, never anything else. */
    @Property(tries = 300)
    void any_text_is_compiled_or_refused_cleanly(@ForAll @StringLength(max = 200) String noise) {
        compiledOrRefused(noise);
        compiledOrRefused(definitionWith("Parameters", JsonTrees.object().put("x.$", noise)));
        compiledOrRefused(definitionWith("InputPath", JsonTrees.NODES.textNode(noise)));
        ObjectNode jsonata = (ObjectNode) definitionWith("Output", JsonTrees.NODES.textNode("{% " + noise + " %}"));
        jsonata.put("QueryLanguage", "JSONata");
        compiledOrRefused(jsonata);
    }

    /** Intrinsic calls with random arguments parse or are refused naming the field; never a crash. */
    @Property(tries = 300)
    void intrinsic_parser_never_crashes(@ForAll @StringLength(max = 60) String args) {
        try {
            StateMachine.of("Fuzz", definitionWith("Parameters", JsonTrees.object().put("x.$", "States.Format(" + args + ")")));
        } catch (WorkflowDefinitionException expected) {
            assertThat(expected.field()).isEqualTo("Parameters");
        }
    }

    private static JsonNode definitionWith(String field, JsonNode value) {
        ObjectNode root = JsonTrees.object();
        root.put("StartAt", "A");
        ObjectNode state = root.putObject("States").putObject("A");
        state.put("Type", "Pass");
        state.set(field, value);
        state.put("End", true);
        return root;
    }

    private static void compiledOrRefused(Object definition) {
        try {
            if (definition instanceof String text) StateMachine.parse("Fuzz", text);
            else StateMachine.of("Fuzz", (JsonNode) definition);
        } catch (WorkflowDefinitionException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }
}
