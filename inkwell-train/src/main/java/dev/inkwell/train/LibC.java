package dev.inkwell.train;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/** The few C library calls training makes before libtorch loads (through JNA, which DJL already brings). */
interface LibC extends Library {
    /** glibc's allocator tuning (musl has a stub that ignores everything); 1 on success. */
    int mallopt(int param, int value);

    /** Sets a variable in the process's own environment, where native libraries read it with getenv; 0 on success. */
    int setenv(String name, String value, int overwrite);

    /** The C library, or null off Linux or where it cannot be loaded. */
    static LibC load() {
        if (!Platform.isLinux() || Platform.isAndroid()) return null;
        try {
            return Native.load(Platform.C_LIBRARY_NAME, LibC.class);
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return null;
        }
    }
}
