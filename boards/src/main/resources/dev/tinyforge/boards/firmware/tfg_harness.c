/*
 * On-device harness: runs the model TFG_HARNESS_RUNS times on the embedded inputs and reports, one
 * "tfg" line each, the model and the firmware's id, the timer, the ticks of every run, the bytes of
 * every output ("tfg output <i> <hex>"), the stack high-water mark, and "tfg end". The host
 * (tinyforge bench) parses these lines from QEMU or from a board's serial port; over a serial port
 * the harness reports again each time the host asks (tfg_port_await_run).
 * The output buffer lives on the stack, so RAM outside the stack is the model's arena plus the
 * port's two variables.
 */
#include <stdint.h>

#include "tfg_harness_config.h"
#include "tfg_port.h"

static void tfg_write_u64(uint64_t value)
{
    char digits[24];
    int i = (int)sizeof(digits) - 1;
    digits[i] = '\0';
    do {
        digits[--i] = (char)('0' + (int)(value % 10u));
        value /= 10u;
    } while (value != 0u);
    tfg_port_write(&digits[i]);
}

/* Writes bytes as hex, 32 bytes per call to keep the line buffer small. */
static void tfg_write_hex(const uint8_t *bytes, uint32_t count)
{
    static const char hex[] = "0123456789abcdef";
    char chunk[65];
    uint32_t i = 0;
    while (i < count) {
        uint32_t n = 0;
        while (n < 32u && i < count) {
            chunk[2u * n] = hex[bytes[i] >> 4];
            chunk[2u * n + 1u] = hex[bytes[i] & 15u];
            n++;
            i++;
        }
        chunk[2u * n] = '\0';
        tfg_port_write(chunk);
    }
}

#ifdef TFG_HARNESS_LAYERS
/*
 * Op-by-op timing (tinyforge bench --layers): the model calls tfg_profile_layer(op) after each op, which
 * adds the ticks since the previous call (or since the run began) to that op's counter. Ops run patch by
 * patch call it once per patch, so their counters sum over the patches. The counters hold the last run.
 */
static uint64_t tfg_layer_ticks[TFG_HARNESS_LAYERS];
static uint64_t tfg_layer_mark;

void tfg_profile_layer(int op);

void tfg_profile_layer(int op)
{
    uint64_t now = tfg_port_timer_now();
    if (op >= 0 && op < TFG_HARNESS_LAYERS) {
        tfg_layer_ticks[op] += now - tfg_layer_mark;
    }
    tfg_layer_mark = tfg_port_timer_now(); /* the call's own time is nobody's */
}

static void tfg_layers_start(void)
{
    int i;
    for (i = 0; i < TFG_HARNESS_LAYERS; i++) {
        tfg_layer_ticks[i] = 0u;
    }
    tfg_layer_mark = tfg_port_timer_now();
}

static void tfg_layers_report(void)
{
    int i;
    for (i = 0; i < TFG_HARNESS_LAYERS; i++) {
        tfg_port_write("tfg layer ");
        tfg_write_u64((uint64_t)i);
        tfg_port_write(" ticks ");
        tfg_write_u64(tfg_layer_ticks[i]);
        tfg_port_write("\n");
    }
}
#endif

/* One report; 0 on success. */
static int tfg_harness_report(void)
{
    static const uint32_t offsets[TFG_HARNESS_OUTPUTS] = TFG_HARNESS_OUTPUT_OFFSETS;
    static const uint32_t sizes[TFG_HARNESS_OUTPUTS] = TFG_HARNESS_OUTPUT_SIZES;
    uint32_t words[(TFG_HARNESS_OUTPUT_BYTES + 3u) / 4u]; /* 4-byte aligned for float outputs */
    uint8_t *output = (uint8_t *)words;
    int32_t stack;
    int run;
    int o;
    tfg_port_write("tfg model " TFG_HARNESS_MODEL " board " TFG_HARNESS_BOARD "\n");
    tfg_port_write("tfg firmware " TFG_HARNESS_FIRMWARE_ID "\n");
    tfg_port_write("tfg timer ");
    tfg_port_write(tfg_port_timer_name());
    tfg_port_write("\n");
    for (run = 0; run < TFG_HARNESS_RUNS; run++) {
        uint64_t start;
        uint64_t end;
        int status;
#ifdef TFG_HARNESS_LAYERS
        tfg_layers_start();
#endif
        start = tfg_port_timer_now();
        status = TFG_HARNESS_INVOKE(output);
        end = tfg_port_timer_now();
        if (status != 0) {
            tfg_port_write("tfg error invoke returned non-zero\n");
            return 2;
        }
        tfg_port_write("tfg run ");
        tfg_write_u64((uint64_t)run);
        tfg_port_write(" ticks ");
        tfg_write_u64(end - start);
        tfg_port_write("\n");
    }
    for (o = 0; o < TFG_HARNESS_OUTPUTS; o++) {
        tfg_port_write("tfg output ");
        tfg_write_u64((uint64_t)o);
        tfg_port_write(" ");
        tfg_write_hex(output + offsets[o], sizes[o]);
        tfg_port_write("\n");
    }
#ifdef TFG_HARNESS_LAYERS
    tfg_layers_report();
#endif
    stack = tfg_port_stack_used();
    tfg_port_write("tfg stack ");
    if (stack < 0) {
        tfg_port_write("unknown");
    } else {
        tfg_write_u64((uint64_t)stack);
    }
    tfg_port_write("\ntfg end\n");
    return 0;
}

int main(void)
{
    int round;
    tfg_port_init();
    for (round = 0; tfg_port_await_run(round); round++) {
        int status = tfg_harness_report();
        if (status != 0) {
            return status;
        }
    }
    return 0;
}
