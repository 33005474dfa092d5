package dev.tinyforge.runtime.host;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FunctionPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.annotation.Cast;
import org.bytedeco.javacpp.annotation.Const;
import org.bytedeco.javacpp.annotation.MemberGetter;
import org.bytedeco.javacpp.annotation.Name;
import org.bytedeco.javacpp.annotation.Platform;

/**
 * JavaCPP's view of {@code tfg_model.h} (the ABI every generated model exports) and of the three
 * {@code dlfcn.h} calls that find a model in its library. It holds declarations only: JavaCPP's
 * Builder turns them into the JNI library {@code libjniModelAbi.so} when the runtime module is built
 * (the {@code javacpp} Maven plugin), so no hand-written JNI code exists and nothing model-specific is
 * compiled into it.
 *
 * <p>The structs are read in place through their pointers; nothing is copied out of the model library
 * except what {@link ModelDescriptor} turns into Java values once.
 */
@Platform(include = {"<dlfcn.h>", "tfg_model.h"}, link = "dl")
final class ModelAbi {
    static {
        Loader.load();
    }

    private ModelAbi() {
    }

    /** The version of {@code tfg_model.h} this mapping was built against. */
    @MemberGetter
    static native int TFG_MODEL_ABI_VERSION();

    @MemberGetter
    static native int RTLD_NOW();

    @MemberGetter
    static native int RTLD_LOCAL();

    /** {@code dlopen(3)}: the library's handle, or null (then see {@link #dlerror()}). */
    static native Pointer dlopen(String file, int mode);

    /** {@code dlsym(3)}: the symbol's address, or null. */
    static native Pointer dlsym(Pointer handle, String symbol);

    /** {@code dlerror(3)}: the last dl error, or null. */
    static native @Cast("const char*") BytePointer dlerror();

    /** {@code tfg_tensor_info}: one input or output of a model; index it with {@link #position(long)}. */
    @Name("tfg_tensor_info")
    static final class TensorInfoStruct extends Pointer {
        static {
            Loader.load();
        }

        TensorInfoStruct(Pointer p) {
            super(p);
        }

        @MemberGetter
        native @Cast("const char*") BytePointer name();

        @MemberGetter
        native int dtype();

        @MemberGetter
        native int rank();

        @MemberGetter
        native @Const IntPointer dims();

        @MemberGetter
        native @Cast("uint32_t") int bytes();

        @MemberGetter
        native float scale();

        @MemberGetter
        native int zero_point();
    }

    /** {@code tfg_invoke_fn}: the model's untyped entry point. */
    static final class InvokeFunction extends FunctionPointer {
        static {
            Loader.load();
        }

        InvokeFunction(Pointer p) {
            super(p);
        }

        native int call(@Cast("const void*const*") PointerPointer<?> inputs,
                @Cast("void*const*") PointerPointer<?> outputs);
    }

    /** {@code tfg_model}: the descriptor a generated model exports as {@code <prefix>_model}. */
    @Name("tfg_model")
    static final class ModelStruct extends Pointer {
        static {
            Loader.load();
        }

        ModelStruct(Pointer p) {
            super(p);
        }

        @MemberGetter
        native @Cast("uint32_t") int abi_version();

        @MemberGetter
        native @Cast("const char*") BytePointer name();

        @MemberGetter
        native @Cast("uint32_t") int arena_bytes();

        @MemberGetter
        native @Cast("uint32_t") int num_inputs();

        @MemberGetter
        native @Cast("uint32_t") int num_outputs();

        @MemberGetter
        native @Const TensorInfoStruct inputs();

        @MemberGetter
        native @Const TensorInfoStruct outputs();

        @MemberGetter
        native InvokeFunction invoke();
    }
}
