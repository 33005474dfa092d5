/*
 * Batched conformance harness: many int8 models with one output in one firmware, each run
 * once on its embedded inputs and compared on the device with the bytes TFLite gave on the host
 * (tfg_batch_cases.c, generated). It reports, one "tfg" line each, every case whose output differs
 * ("tfg differ <case> <differing bytes> <hex of the output>") and the timer ticks of each run
 * ("tfg ticks <case> <ticks>"), then "tfg batch <cases> <bytes compared>
 * <cases differing> <ticks of all runs>" and "tfg end"; it exits 0 when no byte differs. It also compares
 * each layer's scratch as its kernel asks for it (_get_buffer_size, compiled for this core) with what
 * the planner reserved ("tfg scratch-differs <layer> <asked> <planned>", "tfg scratch-checked <layers>"). One QEMU run
 * checks a thousand kernel configurations, where one firmware per configuration would take minutes.
 */
#include <stdint.h>

#include "tfg_batch_cases.h"
#include "tfg_port.h"

static void tfg_batch_write_u64(uint64_t value)
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

static void tfg_batch_write_hex(const int8_t *bytes, uint32_t count)
{
    static const char hex[] = "0123456789abcdef";
    char chunk[65];
    uint32_t i = 0;
    while (i < count) {
        uint32_t n = 0;
        while (n < 32u && i < count) {
            uint8_t b = (uint8_t)bytes[i];
            chunk[2u * n] = hex[b >> 4];
            chunk[2u * n + 1u] = hex[b & 15u];
            n++;
            i++;
        }
        chunk[2u * n] = '\0';
        tfg_port_write(chunk);
    }
}

int main(void)
{
    static int8_t output[TFG_BATCH_MAX_OUTPUT_BYTES];
    uint64_t ticks = 0;
    uint64_t compared = 0;
    uint32_t differing = 0;
    uint32_t scratch_differing = 0;
    uint32_t i;
    tfg_port_init();
    tfg_port_write("tfg timer ");
    tfg_port_write(tfg_port_timer_name());
    tfg_port_write("\n");
    for (i = 0; i < tfg_batch_case_count; i++) {
        const tfg_batch_case *c = &tfg_batch_cases[i];
        uint32_t diff = 0;
        uint32_t j;
        uint64_t start = tfg_port_timer_now();
        int status = c->invoke(c->input, output);
        uint64_t spent = tfg_port_timer_now() - start;
        ticks += spent;
        if (status != 0) {
            tfg_port_write("tfg error invoke returned non-zero in case ");
            tfg_batch_write_u64(i);
            tfg_port_write("\n");
            return 2;
        }
        for (j = 0; j < c->output_bytes; j++) {
            diff += output[j] != c->expected[j] ? 1u : 0u;
        }
        compared += c->output_bytes;
        tfg_port_write("tfg ticks ");
        tfg_batch_write_u64(i);
        tfg_port_write(" ");
        tfg_batch_write_u64(spent);
        tfg_port_write("\n");
        if (diff != 0u) {
            differing++;
            tfg_port_write("tfg differ ");
            tfg_batch_write_u64(i);
            tfg_port_write(" ");
            tfg_batch_write_u64(diff);
            tfg_port_write(" ");
            tfg_batch_write_hex(output, c->output_bytes);
            tfg_port_write("\n");
        }
    }
    for (i = 0; i < tfg_batch_scratch_count; i++) {
        int32_t asked = tfg_batch_scratch_query(i);
        if (asked != tfg_batch_scratch_planned[i]) {
            scratch_differing++;
            tfg_port_write("tfg scratch-differs ");
            tfg_batch_write_u64(i);
            tfg_port_write(" ");
            tfg_batch_write_u64((uint64_t)(uint32_t)asked);
            tfg_port_write(" ");
            tfg_batch_write_u64((uint64_t)(uint32_t)tfg_batch_scratch_planned[i]);
            tfg_port_write("\n");
        }
    }
    tfg_port_write("tfg scratch-checked ");
    tfg_batch_write_u64(tfg_batch_scratch_count);
    tfg_port_write("\n");
    tfg_port_write("tfg batch ");
    tfg_batch_write_u64(tfg_batch_case_count);
    tfg_port_write(" ");
    tfg_batch_write_u64(compared);
    tfg_port_write(" ");
    tfg_batch_write_u64(differing);
    tfg_port_write(" ");
    tfg_batch_write_u64(ticks);
    tfg_port_write("\ntfg end\n");
    return differing == 0u && scratch_differing == 0u ? 0 : 1;
}
