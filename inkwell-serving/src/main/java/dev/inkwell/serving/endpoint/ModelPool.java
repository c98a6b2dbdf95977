package dev.inkwell.serving.endpoint;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Loaded models shared by identity (SHA-256 of the ONNX file): two variants or endpoints serving the same network load
 * it once. Deployments take and give back models; a model no deployment holds any more is retired (closed once its
 * last request finishes). Used by the one thread that deploys, so plain synchronization is enough.
 */
final class ModelPool implements AutoCloseable {
    private final ModelLoader loader;
    private final Map<String, Entry> loaded = new HashMap<>();

    private static final class Entry {
        final LoadedModel model;
        int holders;

        Entry(LoadedModel model) {
            this.model = model;
        }
    }

    ModelPool(ModelLoader loader) {
        this.loader = loader;
    }

    /** The loaded model for {@code resolved}, loading it (and warming it up) when no deployment holds it yet. */
    synchronized LoadedModel take(ResolvedModel resolved) {
        Entry e = loaded.get(resolved.sha256());
        if (e == null || e.model.closed()) {
            e = new Entry(loader.load(resolved));
            loaded.put(resolved.sha256(), e);
        }
        e.holders++;
        return e.model;
    }

    /** Gives {@code models} back; those no deployment holds any more are retired. */
    synchronized void giveBack(List<LoadedModel> models) {
        for (LoadedModel m : models) {
            Entry e = loaded.get(m.model().sha256());
            if (e == null || e.model != m) {
                m.retire();
                continue;
            }
            if (--e.holders <= 0) {
                loaded.remove(m.model().sha256());
                m.retire();
            }
        }
    }

    synchronized int size() {
        return loaded.size();
    }

    @Override
    public synchronized void close() {
        for (Entry e : new ArrayList<>(loaded.values())) e.model.close();
        loaded.clear();
    }
}
