package dev.inkwell.dataset;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;

/**
 * The part of Python's pickle world a CIFAR python batch uses: a dict of lists, strings and one numpy uint8 array,
 * unpickled with the razorvine library. Only the globals such a file needs resolve (numpy's array reconstruction
 * and dtype, {@code _codecs.encode} for Python 3 byte strings); any other class is refused, and every length
 * prefix is checked against the bytes left, so a hostile or corrupt file fails cleanly instead of allocating
 * gigabytes or building arbitrary objects.
 */
public final class CifarPickles {
    private CifarPickles() {
    }

    /** A numpy array as pickled: shape, element type and raw C-order (or Fortran-order) data. */
    public static final class NdArray {
        int[] shape;
        String dtype;
        boolean fortran;
        byte[] data;

        /** numpy's {@code ndarray.__setstate__((version, shape, dtype, is_fortran, rawdata))}; version is optional. */
        public void __setstate__(Object[] state) {
            int o = state.length == 5 ? 1 : 0;
            if (state.length != 4 + o) throw new PickleException("unexpected ndarray state of " + state.length + " items");
            shape = ints(state[o]);
            dtype = state[o + 1] instanceof DType d ? d.descr : null;
            fortran = Boolean.TRUE.equals(state[o + 2]);
            data = bytes(state[o + 3]);
        }
    }

    /** A numpy dtype; only its type code ("u1", "|u1") matters here. */
    public static final class DType {
        final String descr;

        DType(String descr) {
            this.descr = descr;
        }

        public void __setstate__(Object[] state) {
            // byte order and flags: irrelevant for single-byte elements
        }
    }

    private static final IObjectConstructor RECONSTRUCT = args -> new NdArray();
    private static final IObjectConstructor DTYPE = args -> {
        if (args.length < 1 || !(args[0] instanceof String s)) throw new PickleException("dtype without a type code");
        return new DType(s);
    };
    /** numpy ≥ 1.16 with protocol 5: {@code _frombuffer(buffer, dtype, shape, order)}. */
    private static final IObjectConstructor FROMBUFFER = args -> {
        if (args.length != 4) throw new PickleException("_frombuffer with " + args.length + " arguments");
        NdArray a = new NdArray();
        a.data = bytes(args[0]);
        a.dtype = args[1] instanceof DType d ? d.descr : null;
        a.shape = ints(args[2]);
        a.fortran = "F".equals(args[3]);
        return a;
    };
    /** Python 3 pickles bytes in protocol 2 as {@code _codecs.encode(text, "latin1")}. */
    private static final IObjectConstructor CODECS_ENCODE = args -> {
        if (args.length != 2 || !(args[0] instanceof String s) || !(args[1] instanceof String enc)
                || !enc.toLowerCase(Locale.ROOT).replace("-", "").matches("latin1|iso88591")) {
            throw new PickleException("unexpected _codecs.encode call");
        }
        return latin1(s);
    };
    private static final IObjectConstructor NDARRAY_CLASS = args -> {
        throw new PickleException("numpy.ndarray cannot be called directly");
    };
    private static final Map<String, IObjectConstructor> GLOBALS = Map.ofEntries(
            Map.entry("numpy.core.multiarray._reconstruct", RECONSTRUCT),
            Map.entry("numpy._core.multiarray._reconstruct", RECONSTRUCT),
            Map.entry("numpy.core.numeric._frombuffer", FROMBUFFER),
            Map.entry("numpy._core.numeric._frombuffer", FROMBUFFER),
            Map.entry("numpy.ndarray", NDARRAY_CLASS),
            Map.entry("numpy.dtype", DTYPE),
            Map.entry("_codecs.encode", CODECS_ENCODE));

    static Object load(byte[] pickle) throws IOException {
        Unpickler unpickler = new SafeUnpickler(pickle);
        try {
            return unpickler.loads(pickle);
        } finally {
            unpickler.close();
        }
    }

    static int[] ints(Object o) {
        if (!(o instanceof Object[] tuple)) throw new PickleException("expected a shape tuple");
        int[] r = new int[tuple.length];
        for (int i = 0; i < r.length; i++) {
            if (!(tuple[i] instanceof Number n) || n.longValue() < 0 || n.longValue() > Integer.MAX_VALUE) {
                throw new PickleException("expected a non-negative size in the shape");
            }
            r[i] = n.intValue();
        }
        return r;
    }

    static byte[] bytes(Object o) {
        if (o instanceof byte[] b) return b;
        if (o instanceof String s) return latin1(s); // Python 2 str: one char per byte
        throw new PickleException("expected raw array bytes");
    }

    private static byte[] latin1(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0xFF) throw new PickleException("array bytes contain a character above 255");
        }
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** An unpickler that checks lengths and resolves only {@link #GLOBALS}. */
    private static final class SafeUnpickler extends Unpickler {
        private final long size;

        SafeUnpickler(byte[] pickle) {
            this.size = pickle.length;
        }

        private long remaining() throws IOException {
            return ((ByteArrayInputStream) input).available();
        }

        private byte[] readCounted(long length) throws IOException {
            if (length < 0 || length > remaining()) {
                throw new PickleException("a length of " + length + " runs past the end of the " + size + "-byte file");
            }
            return PickleUtils.readbytes(input, (int) length);
        }

        @Override
        protected Object dispatch(short key) throws PickleException, IOException {
            switch (key) {
                case Opcodes.BINSTRING -> stack.add(PickleUtils.rawStringFromBytes(readCounted(int4())));
                case Opcodes.BINBYTES -> stack.add(readCounted(int4()));
                case Opcodes.BINUNICODE -> stack.add(new String(readCounted(int4()), StandardCharsets.UTF_8));
                case Opcodes.BINUNICODE8 -> stack.add(new String(readCounted(int8()), StandardCharsets.UTF_8));
                case Opcodes.BINBYTES8, Opcodes.BYTEARRAY8 -> stack.add(readCounted(int8()));
                case Opcodes.LONG4 -> {
                    long n = int4();
                    if (n > 64) throw new PickleException("an integer of " + n + " bytes");
                    stack.add(PickleUtils.decode_long(readCounted(n)));
                }
                case Opcodes.GLOBAL -> stack.add(global(PickleUtils.readline(input), PickleUtils.readline(input)));
                case Opcodes.STACK_GLOBAL -> {
                    Object name = stack.pop();
                    Object module = stack.pop();
                    if (!(name instanceof String n) || !(module instanceof String m)) {
                        throw new PickleException("STACK_GLOBAL without module and name strings");
                    }
                    stack.add(global(m, n));
                }
                case Opcodes.INST, Opcodes.PERSID, Opcodes.BINPERSID, Opcodes.EXT1, Opcodes.EXT2, Opcodes.EXT4 ->
                        throw new PickleException("unexpected pickle opcode " + key + " in a CIFAR batch");
                default -> {
                    return super.dispatch(key);
                }
            }
            return NO_RETURN_VALUE;
        }

        private long int4() throws IOException {
            return PickleUtils.bytes_to_integer(readCounted(4));
        }

        private long int8() throws IOException {
            return PickleUtils.bytes_to_long(readCounted(8), 0);
        }

        private static IObjectConstructor global(String module, String name) {
            IObjectConstructor c = GLOBALS.get(module + "." + name);
            if (c == null) {
                throw new PickleException("unexpected Python class " + module + "." + name + " in a CIFAR batch");
            }
            return c;
        }
    }
}
