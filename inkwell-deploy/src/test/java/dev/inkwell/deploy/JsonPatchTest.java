package dev.inkwell.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class JsonPatchTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode apply(String document, String patch) throws Exception {
        ObjectNode target = (ObjectNode) JSON.readTree(document);
        JsonPatch.apply(JSON.readTree(patch), target);
        return target;
    }

    @Test
    void addReplaceRemoveWithEscapesAndArrays() throws Exception {
        ObjectNode out = apply("{\"metadata\":{\"labels\":{\"a/b\":\"1\"}},\"list\":[1,3]}", """
                [{"op":"replace","path":"/metadata/labels/a~1b","value":"2"},
                 {"op":"add","path":"/metadata/labels/x~0y","value":"3"},
                 {"op":"add","path":"/list/1","value":2},
                 {"op":"add","path":"/list/-","value":4},
                 {"op":"remove","path":"/list/0"}]""");
        assertThat(out.toString()).isEqualTo("{\"metadata\":{\"labels\":{\"a/b\":\"2\",\"x~y\":\"3\"}},\"list\":[2,3,4]}");
    }

    @Test
    void badPatchesAreRefusedNamingWhy() {
        assertThatThrownBy(() -> apply("{}", "{\"op\":\"add\"}")).hasMessageContaining("list of operations");
        assertThatThrownBy(() -> apply("{}", "[{\"op\":\"add\",\"path\":\"a\",\"value\":1}]")).hasMessageContaining("must start with '/'");
        assertThatThrownBy(() -> apply("{}", "[{\"op\":\"add\",\"path\":\"/a\"}]")).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> apply("{}", "[{\"op\":\"replace\",\"path\":\"/a\",\"value\":1}]")).hasMessageContaining("not found: /a");
        assertThatThrownBy(() -> apply("{}", "[{\"op\":\"remove\",\"path\":\"/a/b\"}]")).hasMessageContaining("not found: /a/b");
        assertThatThrownBy(() -> apply("{\"l\":[]}", "[{\"op\":\"add\",\"path\":\"/l/5\",\"value\":1}]")).hasMessageContaining("out of range");
        assertThatThrownBy(() -> apply("{\"l\":[]}", "[{\"op\":\"add\",\"path\":\"/l/x\",\"value\":1}]")).hasMessageContaining("not an array index 'x'");
        assertThatThrownBy(() -> apply("{\"a\":1}", "[{\"op\":\"add\",\"path\":\"/a/b\",\"value\":1}]")).hasMessageContaining("through a value");
        assertThatThrownBy(() -> apply("{}", "[{\"op\":\"copy\",\"from\":\"/a\",\"path\":\"/b\"}]")).hasMessageContaining("unsupported patch op 'copy'");
    }
}
