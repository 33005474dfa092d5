/*
 * The fixed JNI bridge of TinyForge's host backend: loads a generated model library with dlopen and
 * calls its <prefix>_host_invoke (raw bytes in and out; a glue file in the model library forwards to the
 * typed <prefix>_invoke). Nothing model-specific is compiled in here.
 */
#include <jni.h>
#include <dlfcn.h>
#include <stdint.h>

typedef int (*tfg_invoke_fn)(const void *input, void *output);

JNIEXPORT jlong JNICALL Java_dev_tinyforge_runtime_host_HostBridge_open(JNIEnv *env, jclass cls, jstring path)
{
    const char *p = (*env)->GetStringUTFChars(env, path, NULL);
    void *handle;
    (void)cls;
    if (p == NULL) {
        return 0;
    }
    handle = dlopen(p, RTLD_NOW | RTLD_LOCAL);
    (*env)->ReleaseStringUTFChars(env, path, p);
    return (jlong)(intptr_t)handle;
}

JNIEXPORT jlong JNICALL Java_dev_tinyforge_runtime_host_HostBridge_symbol(JNIEnv *env, jclass cls, jlong handle,
                                                                       jstring name)
{
    const char *n = (*env)->GetStringUTFChars(env, name, NULL);
    void *sym;
    (void)cls;
    if (n == NULL) {
        return 0;
    }
    sym = dlsym((void *)(intptr_t)handle, n);
    (*env)->ReleaseStringUTFChars(env, name, n);
    return (jlong)(intptr_t)sym;
}

JNIEXPORT jstring JNICALL Java_dev_tinyforge_runtime_host_HostBridge_lastError(JNIEnv *env, jclass cls)
{
    const char *e = dlerror();
    (void)cls;
    return e == NULL ? NULL : (*env)->NewStringUTF(env, e);
}

JNIEXPORT jint JNICALL Java_dev_tinyforge_runtime_host_HostBridge_invoke(JNIEnv *env, jclass cls, jlong fn,
                                                                      jbyteArray input, jbyteArray output)
{
    jbyte *in = (*env)->GetByteArrayElements(env, input, NULL);
    jbyte *out = (*env)->GetByteArrayElements(env, output, NULL);
    int result = -1;
    (void)cls;
    if (in != NULL && out != NULL) {
        result = ((tfg_invoke_fn)(intptr_t)fn)((const void *)in, (void *)out);
    }
    if (in != NULL) {
        (*env)->ReleaseByteArrayElements(env, input, in, JNI_ABORT);
    }
    if (out != NULL) {
        (*env)->ReleaseByteArrayElements(env, output, out, 0);
    }
    return result;
}
