package dev.inkwell.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Renders a kustomization the way {@code kubectl kustomize} does, for the fields deploy/kubernetes uses and no
 * others: resources (files, or folders with their own kustomization), namespace, images, replicas and JSON 6902
 * patches with a kind + name target. Any other field is refused, so a manifest cannot rely on something this
 * renderer would silently skip; where kubectl is installed, the test compares both renderings object by object.
 */
final class Kustomize {
    static final YAMLMapper YAML = new YAMLMapper();
    private static final Set<String> FIELDS = Set.of("apiVersion", "kind", "resources", "namespace", "images", "replicas", "patches");
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition",
            "PersistentVolume", "StorageClass", "PriorityClass");

    private Kustomize() {
    }

    /** The objects that {@code dir}'s kustomization.yaml stands for, in resource order. */
    static List<ObjectNode> render(Path dir) {
        JsonNode k = read(dir.resolve("kustomization.yaml")).get(0);
        for (Iterator<String> names = k.fieldNames(); names.hasNext();) {
            String field = names.next();
            if (!FIELDS.contains(field)) throw new IllegalArgumentException(dir + "/kustomization.yaml: unsupported field '" + field + "' (supported: " + FIELDS + ")");
        }
        List<ObjectNode> objects = new ArrayList<>();
        for (JsonNode resource : k.path("resources")) {
            Path p = dir.resolve(resource.asText()).normalize();
            if (Files.isDirectory(p)) {
                objects.addAll(render(p));
            } else {
                for (JsonNode doc : read(p)) {
                    if (!(doc instanceof ObjectNode o)) throw new IllegalArgumentException(p + ": a resource file holds objects, found " + doc.getNodeType());
                    objects.add(o);
                }
            }
        }
        for (JsonNode patch : k.path("patches")) patch(objects, patch, dir);
        if (k.hasNonNull("namespace")) {
            for (ObjectNode o : objects) {
                if (!CLUSTER_SCOPED.contains(o.path("kind").asText())) metadata(o).put("namespace", k.get("namespace").asText());
            }
        }
        for (JsonNode image : k.path("images")) {
            for (ObjectNode o : objects) retag(o, image);
        }
        for (JsonNode r : k.path("replicas")) replicas(objects, r, dir);
        return objects;
    }

    static List<JsonNode> read(Path file) {
        try {
            List<JsonNode> docs = new ArrayList<>();
            try (var values = YAML.readerFor(JsonNode.class).<JsonNode>readValues(Files.readString(file))) {
                while (values.hasNext()) {
                    JsonNode doc = values.next();
                    if (doc != null && !doc.isNull() && !doc.isMissingNode()) docs.add(doc);
                }
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    private static ObjectNode metadata(ObjectNode o) {
        return o.has("metadata") ? (ObjectNode) o.get("metadata") : o.putObject("metadata");
    }

    private static void patch(List<ObjectNode> objects, JsonNode patch, Path dir) {
        JsonNode target = patch.path("target");
        String kind = target.path("kind").asText(null);
        String name = target.path("name").asText(null);
        if (kind == null || name == null || !patch.hasNonNull("patch") || target.size() != 2 || patch.size() != 2) {
            throw new IllegalArgumentException(dir + ": a patch needs exactly target {kind, name} and an inline JSON 6902 patch: " + patch);
        }
        JsonNode operations;
        try {
            operations = YAML.readTree(patch.get("patch").asText());
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": patch is not YAML: " + e.getMessage(), e);
        }
        int matched = 0;
        for (ObjectNode o : objects) {
            if (o.path("kind").asText().equals(kind) && o.path("metadata").path("name").asText().equals(name)) {
                JsonPatch.apply(operations, o);
                matched++;
            }
        }
        if (matched == 0) throw new IllegalArgumentException(dir + ": patch target " + kind + "/" + name + " matches no resource");
    }

    /** kustomize's images transformer: every container whose image name (without tag) is {@code name}. */
    private static void retag(JsonNode node, JsonNode image) {
        if (node instanceof ObjectNode o) {
            for (String list : List.of("containers", "initContainers")) {
                if (o.get(list) instanceof ArrayNode containers) {
                    for (JsonNode c : containers) retagContainer((ObjectNode) c, image);
                }
            }
            o.forEach(child -> retag(child, image));
        } else if (node instanceof ArrayNode a) {
            a.forEach(child -> retag(child, image));
        }
    }

    private static void retagContainer(ObjectNode container, JsonNode image) {
        String current = container.path("image").asText();
        int colon = current.lastIndexOf(':');
        boolean tagged = colon > current.lastIndexOf('/');
        String name = tagged ? current.substring(0, colon) : current;
        if (!name.equals(image.path("name").asText())) return;
        String newName = image.path("newName").asText(name);
        String tag = image.hasNonNull("newTag") ? image.get("newTag").asText() : tagged ? current.substring(colon + 1) : null;
        container.put("image", tag == null ? newName : newName + ":" + tag);
    }

    private static void replicas(List<ObjectNode> objects, JsonNode r, Path dir) {
        boolean matched = false;
        for (ObjectNode o : objects) {
            if (Set.of("Deployment", "StatefulSet", "ReplicaSet").contains(o.path("kind").asText())
                    && o.path("metadata").path("name").asText().equals(r.path("name").asText())) {
                ((ObjectNode) o.get("spec")).put("replicas", r.path("count").asInt());
                matched = true;
            }
        }
        if (!matched) throw new IllegalArgumentException(dir + ": replicas for " + r.path("name").asText() + " match no workload");
    }
}
