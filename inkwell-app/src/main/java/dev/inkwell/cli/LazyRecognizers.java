package dev.inkwell.cli;

import dev.inkwell.functions.builtin.Recognizers;
import dev.inkwell.functions.builtin.ServingRecognizers;
import dev.inkwell.serving.endpoint.EndpointSpec;
import java.util.List;

/** The endpoints a command's functions read pictures with, loaded on the first picture (most functions need no model). */
public final class LazyRecognizers implements Recognizers, AutoCloseable {
    private final List<EndpointSpec> specs;
    private ServingRecognizers loaded;

    public LazyRecognizers(List<EndpointSpec> specs) {
        this.specs = List.copyOf(specs);
    }

    @Override
    public Reading read(String endpoint, byte[] picture, String origin) {
        return loaded().read(endpoint, picture, origin);
    }

    private synchronized ServingRecognizers loaded() {
        if (loaded == null) loaded = ServingRecognizers.local(specs, null);
        return loaded;
    }

    @Override
    public synchronized void close() {
        if (loaded != null) loaded.endpoints().close();
        loaded = null;
    }
}
